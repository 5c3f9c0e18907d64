using Marketplace.Catalog;
using Marketplace.Recommendations;
using Marketplace.Search;
using Orleans.Concurrency;

namespace Marketplace.Grains.Recommendations;

[StatelessWorker]
public sealed class ShopperBrowsingGrain : Grain, IShopperBrowsingGrain
{
    public async Task<PublishedCard> ViewProduct(Guid productId, Guid? shopperId, long knownRevision)
    {
        var product = await GrainFactory.GetGrain<IProductGrain>(productId).GetPublishedSince(knownRevision);
        if (shopperId is { } shopper)
        {
            await GrainFactory.GetGrain<IShopperActivityGrain>(shopper).ViewedProduct(productId);
        }
        return product;
    }

    public async Task<ProductSearchResult> SearchProducts(ProductSearchQuery query, Guid? shopperId)
    {
        var result = await GrainFactory.GetGrain<ISearchGrain>(0).SearchProducts(query);
        if (shopperId is { } shopper)
        {
            await GrainFactory.GetGrain<IShopperActivityGrain>(shopper).Searched(query);
        }
        return result;
    }
}
