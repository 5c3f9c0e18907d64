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
    Task<ProductSnapshot> ViewProduct(Guid productId, Guid? shopperId);

    Task<ProductSearchResult> SearchProducts(ProductSearchQuery query, Guid? shopperId);
}
