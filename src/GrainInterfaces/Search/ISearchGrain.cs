namespace Marketplace.Search;

/// <summary>Shoppers' search over the product and seller index (a stateless worker: use key 0).</summary>
public interface ISearchGrain : IGrainWithIntegerKey
{
    /// <summary>ValidationException naming the query-string field (minPrice, page…) when the query is malformed.</summary>
    Task<ProductSearchResult> SearchProducts(ProductSearchQuery query);

    Task<SellerSearchResult> SearchSellers(SellerSearchQuery query);
}

/// <summary>
/// An operator's repair of the search index (key 0): re-reads every product and seller from its grain and
/// writes it to the index, so changes whose events were lost (a crash, a restart of memory streams) show up.
/// </summary>
public interface ISearchIndexRebuildGrain : IGrainWithIntegerKey
{
    Task<SearchRebuildReport> Rebuild();
}
