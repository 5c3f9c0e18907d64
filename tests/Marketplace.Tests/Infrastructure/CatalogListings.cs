using Marketplace.Catalog;
using Marketplace.Common;

namespace Marketplace.Tests.Infrastructure;

/// <summary>One of the catalog's lists, as the gateways read it (through ICatalogListingsGrain, from its table).</summary>
public sealed record CatalogListing(Func<ListingQuery, Task<PagedList<ProductSummary>>> Query);

public static class CatalogListings
{
    public static CatalogListing CategoryListing(this IGrainFactory grains, string categoryId) =>
        new(query => grains.GetGrain<ICatalogListingsGrain>(0).Category(categoryId, query));

    public static CatalogListing SellerListing(this IGrainFactory grains, Guid sellerId) =>
        new(query => grains.GetGrain<ICatalogListingsGrain>(0).Seller(sellerId, query));
}
