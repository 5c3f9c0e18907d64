using Marketplace.Catalog;
using Marketplace.Common;
using Orleans.Concurrency;

namespace Marketplace.Grains.Catalog.Listings;

/// <summary>Serves the catalog's lists from their tables; any silo, as many activations as the load needs.</summary>
[StatelessWorker]
public sealed class CatalogListingsGrain(ICatalogListingStore store) : Grain, ICatalogListingsGrain
{
    public Task<PagedList<ProductSummary>> Category(string categoryId, ListingQuery query) =>
        Categories.Exists(categoryId)
            ? store.CategoryAsync(categoryId, query with { PublishedOnly = true }, CancellationToken.None)
            : throw new NotFoundException($"There is no category '{categoryId}'.");

    public Task<PagedList<ProductSummary>> Seller(Guid sellerId, ListingQuery query) =>
        store.SellerAsync(sellerId, query, CancellationToken.None);
}
