using System.Runtime.CompilerServices;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Catalog.Listings;

/// <summary>The Memory profile's catalog read model: the same entries and version rule as the tables, in one memory table grain.</summary>
public sealed class InMemoryCatalogListingStore(IGrainFactory grains) : ICatalogListingStore
{
    private IMemoryTableGrain<CatalogListingEntry> Table => grains.GetGrain<IMemoryTableGrain<CatalogListingEntry>>("catalog-listings");

    public Task<bool> ApplyAsync(CatalogListingEntry entry, CancellationToken cancellationToken) =>
        Table.Upsert(entry.Summary.ProductId, entry.Version, entry);

    public async Task<CatalogListingEntry?> FindAsync(Guid productId, CancellationToken cancellationToken) => (await Table.Find(productId))?.Row;

    public Task RemoveAsync(Guid productId, CancellationToken cancellationToken) => Table.Remove(productId);

    public Task<PagedList<ProductSummary>> CategoryAsync(string categoryId, ListingQuery query, CancellationToken cancellationToken) =>
        Page(e => e.Categories.Contains(categoryId, StringComparer.Ordinal), query);

    public Task<PagedList<ProductSummary>> SellerAsync(Guid sellerId, ListingQuery query, CancellationToken cancellationToken) =>
        Page(e => e.Summary.SellerId == sellerId && (!query.PublishedOnly || e.Summary.Released), query);

    public async IAsyncEnumerable<Guid> ProductIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var entry in await Table.Rows())
        {
            yield return entry.Summary.ProductId;
        }
    }

    public Task ClearAsync(CancellationToken cancellationToken) => Table.Clear();

    private async Task<PagedList<ProductSummary>> Page(Func<CatalogListingEntry, bool> filter, ListingQuery query)
    {
        Paging.Validate(query.Page, query.PageSize);
        var after = ListingOrder.Decode(query.After);
        var matching = (await Table.Rows()).Where(filter).Select(e => e.Summary).ToList();
        var ordered = ListingOrder.Sort(matching, query.Sort, after);
        return KeysetCursor.Page(KeysetCursor.Window(ordered, after is not null, query.Page, query.PageSize), query.Page, query.PageSize, matching.Count, ListingOrder.Of);
    }
}
