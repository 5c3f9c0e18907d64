using System.Text.Json.Serialization;
using Marketplace.Common;

namespace Marketplace.Catalog;

/// <summary>
/// A browsable list of product summaries kept in memory: one per category (<see cref="ProductListings.ForCategory"/>,
/// published products of the category and its subcategories) and one per seller (<see cref="ProductListings.ForSeller"/>,
/// every status, so the seller's own product list and its public storefront share it). Fed from ProductChanged events.
/// </summary>
public interface IProductListingGrain : IGrainWithStringKey
{
    Task Upsert(ProductSummary summary);

    Task Remove(Guid productId);

    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<ProductSummary>> Query(ListingQuery query);
}

public static class ProductListings
{
    public static string ForCategory(string categoryId) => $"category:{categoryId}";

    public static string ForSeller(Guid sellerId) => $"seller:{sellerId:N}";
}

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<ListingSort>))]
public enum ListingSort
{
    Newest,
    PriceAscending,
    PriceDescending,
}

[GenerateSerializer, Immutable]
public sealed record ListingQuery(
    [property: Id(0)] int Page = 1,
    [property: Id(1)] int PageSize = 24,
    [property: Id(2)] ListingSort Sort = ListingSort.Newest,
    [property: Id(3)] bool PublishedOnly = true);

/// <summary>What a listing page shows of a product; <see cref="Price"/> is its cheapest variant's.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductSummary(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] Guid SellerId,
    [property: Id(2)] string Title,
    [property: Id(3)] string Brand,
    [property: Id(4)] string Category,
    [property: Id(5)] decimal Price,
    [property: Id(6)] string Currency,
    [property: Id(7)] bool InStock,
    [property: Id(8)] string? Image,
    [property: Id(9)] ProductStatus Status,
    [property: Id(10)] long Version,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset? PublishedAt,
    [property: Id(13)] ProductModeration? Moderation = null)
{
    /// <summary>See <see cref="ProductSnapshot.Released"/>.</summary>
    public bool Released => ProductModeration.Releases(Status, Moderation);

    public static ProductSummary Of(ProductSnapshot product)
    {
        var cheapest = product.Variants.MinBy(v => v.Price);
        return new ProductSummary(product.ProductId, product.SellerId, product.Title, product.Brand, product.Category,
            cheapest?.Price ?? 0, cheapest?.Currency ?? "", product.InStock, product.Images.FirstOrDefault(),
            product.Status, product.Version, product.CreatedAt, product.PublishedAt, product.Moderation);
    }
}

