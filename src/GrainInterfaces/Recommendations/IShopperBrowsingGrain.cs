using Marketplace.Catalog;
using Marketplace.Search;

namespace Marketplace.Recommendations;

/// <summary>
/// What a shopper reads while browsing, with the trail it leaves: a signed-in shopper's product views and searches
/// feed their recommendations (<see cref="IShopperActivityGrain"/>); an anonymous one (<c>shopperId</c> null) leaves
/// none. Stateless, key 0, so gateways only map the request to this one call.
/// </summary>
public interface IShopperBrowsingGrain : IGrainWithIntegerKey
{
    /// <summary>The product's card as shoppers see it (<see cref="IProductGrain.GetPublishedSince"/>: without it when the reader holds its revision).</summary>
    Task<PublishedCard> ViewProduct(Guid productId, Guid? shopperId, long knownRevision);

    Task<ProductSearchResult> SearchProducts(ProductSearchQuery query, Guid? shopperId);
}
