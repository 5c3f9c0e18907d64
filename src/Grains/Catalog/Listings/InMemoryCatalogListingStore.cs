using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Catalog.Listings;

/// <summary>The Memory profile's catalog read model: the same entries and version rule as the tables, in one memory table grain.</summary>
public sealed class InMemoryCatalogListingStore(IGrainFactory grains)
    : MemoryRowStore<CatalogListingEntry>(grains, "catalog-listings", e => e.Summary.ProductId, e => e.Version), ICatalogListingStore
{
    public Task<bool> ApplyAsync(CatalogListingEntry entry, CancellationToken cancellationToken) => ApplyAsync(entry, replaceSameVersion: false, cancellationToken);

    public Task<PagedList<ProductSummary>> CategoryAsync(string categoryId, ListingQuery query, CancellationToken cancellationToken) =>
        Page(e => e.Categories.Contains(categoryId, StringComparer.Ordinal), query);

    public Task<PagedList<ProductSummary>> SellerAsync(Guid sellerId, ListingQuery query, CancellationToken cancellationToken) =>
        Page(e => e.Summary.SellerId == sellerId && (!query.PublishedOnly || e.Summary.Released), query);

    public IAsyncEnumerable<Guid> ProductIdsAsync(CancellationToken cancellationToken) => KeysAsync(cancellationToken);

    private async Task<PagedList<ProductSummary>> Page(Func<CatalogListingEntry, bool> filter, ListingQuery query) =>
        KeysetCursor.PageInMemory<ProductSummary, ListingOrder.Position>((await RowsAsync()).Where(filter).Select(e => e.Summary).ToList(),
            query.Page, query.PageSize, query.After, (rows, from) => ListingOrder.Sort(rows, query.Sort, from), ListingOrder.Of);
}
