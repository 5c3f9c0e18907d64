using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Catalog.Listings;

/// <summary>
/// The catalog's projection tables: <c>catalog_seller_products</c> (one row per product: a seller's list and
/// storefront) and <c>catalog_category_listings</c> (one row per visible product and category it is listed under).
/// A product's seller row carries the version its rows were written from, so an entry older than what is stored
/// changes nothing, whichever order events arrive in.
/// </summary>
public interface ICatalogListingStore
{
    /// <summary>Writes the product's rows unless they come from an older or the same version; false when ignored.</summary>
    Task<bool> ApplyAsync(CatalogListingEntry entry, CancellationToken cancellationToken);

    /// <summary>What the tables hold of one product (null: nothing).</summary>
    Task<CatalogListingEntry?> FindAsync(Guid productId, CancellationToken cancellationToken);

    /// <summary>Removes every row of a product that no longer exists.</summary>
    Task RemoveAsync(Guid productId, CancellationToken cancellationToken);

    Task<PagedList<ProductSummary>> CategoryAsync(string categoryId, ListingQuery query, CancellationToken cancellationToken);

    Task<PagedList<ProductSummary>> SellerAsync(Guid sellerId, ListingQuery query, CancellationToken cancellationToken);

    /// <summary>Every product the tables know, in no particular order.</summary>
    IAsyncEnumerable<Guid> ProductIdsAsync(CancellationToken cancellationToken);

    /// <summary>Empties both tables (a rebuild).</summary>
    Task ClearAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The categories whose kept total differs from their rows (rewritten from the rows when <paramref name="repair"/>);
    /// none in a store that counts the rows at each read.
    /// </summary>
    Task<List<TotalDrift>> CheckTotalsAsync(bool repair, CancellationToken cancellationToken) => Task.FromResult(new List<TotalDrift>());
}
