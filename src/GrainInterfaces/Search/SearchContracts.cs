namespace Marketplace.Search;

[GenerateSerializer]
public enum ProductSort
{
    /// <summary>Best text match first; newest first when there is no text.</summary>
    Relevance,
    PriceAscending,
    PriceDescending,
    Newest,
}

/// <summary>The query-string spellings of <see cref="ProductSort"/>, shared by every gateway and client.</summary>
public static class ProductSorts
{
    private static readonly Dictionary<string, ProductSort> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["relevance"] = ProductSort.Relevance,
        ["price_asc"] = ProductSort.PriceAscending,
        ["price_desc"] = ProductSort.PriceDescending,
        ["newest"] = ProductSort.Newest,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    /// <summary>Takes the listings' spellings too (<c>price-asc</c>, <c>price-desc</c>), so a client sorts a search and a listing alike.</summary>
    public static bool TryParse(string? name, out ProductSort sort)
    {
        if (string.IsNullOrEmpty(name))
        {
            sort = ProductSort.Relevance;
            return true;
        }
        return ByName.TryGetValue(name.Replace('-', '_'), out sort);
    }
}

/// <summary>
/// A shopper's product search. Every filter is optional; <see cref="Category"/> matches the category and all
/// its subcategories; <see cref="InStock"/> true keeps only products with a variant in stock.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductSearchQuery(
    [property: Id(0)] string? Text = null,
    [property: Id(1)] string? Category = null,
    [property: Id(2)] string? Brand = null,
    [property: Id(3)] decimal? MinPrice = null,
    [property: Id(4)] decimal? MaxPrice = null,
    [property: Id(5)] Guid? SellerId = null,
    [property: Id(6)] bool? InStock = null,
    [property: Id(7)] ProductSort Sort = ProductSort.Relevance,
    [property: Id(8)] int Page = 1,
    [property: Id(9)] int PageSize = SearchLimits.DefaultPageSize);

[GenerateSerializer, Immutable]
public sealed record SellerSearchQuery(
    [property: Id(0)] string? Text = null,
    [property: Id(1)] int Page = 1,
    [property: Id(2)] int PageSize = SearchLimits.DefaultPageSize);

public static class SearchLimits
{
    public const int DefaultPageSize = 20;
    public const int MaxTextLength = 200;

    /// <summary>How deep paging may go (Elasticsearch's default result window), so every engine pages alike.</summary>
    public const int MaxResultWindow = 10_000;
}

/// <summary>One product in a result list: enough for a search results card. <see cref="Price"/> is the lowest variant price.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductHit(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] Guid SellerId,
    [property: Id(2)] string Title,
    [property: Id(3)] string Category,
    [property: Id(4)] string Brand,
    [property: Id(5)] decimal Price,
    [property: Id(6)] string Currency,
    [property: Id(7)] bool InStock,
    [property: Id(8)] string? Image,
    [property: Id(9)] DateTimeOffset PublishedAt);

/// <summary>How many matching products carry one value of a facet (a category or a brand).</summary>
[GenerateSerializer, Immutable]
public sealed record FacetCount(
    [property: Id(0)] string Value,
    [property: Id(1)] long Count);

/// <summary>A page of products and, over ALL matches (not just the page), the counts per category and per brand.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductSearchResult(
    [property: Id(0)] IReadOnlyList<ProductHit> Items,
    [property: Id(1)] long Total,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize,
    [property: Id(4)] IReadOnlyList<FacetCount> Categories,
    [property: Id(5)] IReadOnlyList<FacetCount> Brands);

[GenerateSerializer, Immutable]
public sealed record SellerHit(
    [property: Id(0)] Guid SellerId,
    [property: Id(1)] string DisplayName);

[GenerateSerializer, Immutable]
public sealed record SellerSearchResult(
    [property: Id(0)] IReadOnlyList<SellerHit> Items,
    [property: Id(1)] long Total,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize);

/// <summary>What one rebuild of the search index did.</summary>
[GenerateSerializer, Immutable]
public sealed record SearchRebuildReport(
    [property: Id(0)] int Products,
    [property: Id(1)] int Sellers,
    [property: Id(2)] TimeSpan Took);
