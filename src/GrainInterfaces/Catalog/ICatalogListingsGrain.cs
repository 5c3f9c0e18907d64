using System.Text.Json.Serialization;
using Marketplace.Common;

namespace Marketplace.Catalog;

/// <summary>
/// The catalog's browsable lists, read from their projection tables (docs/catalog.md): a category's listing (published,
/// visible products of the category and its subcategories) and a seller's products (every status; the public
/// storefront asks for <see cref="ListingQuery.PublishedOnly"/>). A stateless worker: use key 0.
/// </summary>
public interface ICatalogListingsGrain : IGrainWithIntegerKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<ProductSummary>> Category(string categoryId, ListingQuery query);

    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<ProductSummary>> Seller(Guid sellerId, ListingQuery query);
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
    [property: Id(3)] bool PublishedOnly = true,
    [property: Id(4)] string? After = null);

/// <summary>
/// What a listing page shows of a product; <see cref="Price"/> is its cheapest variant's price now, and
/// <see cref="ListPrice"/> that variant's old (list) price while a sale lowers it (null otherwise).
/// </summary>
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
    [property: Id(13)] ProductModeration? Moderation = null,
    [property: Id(14)] decimal? ListPrice = null)
{
    /// <summary>See <see cref="ProductSnapshot.Released"/>.</summary>
    public bool Released => ProductModeration.Releases(Status, Moderation);

    public static ProductSummary Of(ProductSnapshot product)
    {
        var cheapest = product.Variants.MinBy(v => v.Price);
        return new ProductSummary(product.ProductId, product.SellerId, product.Title, product.Brand, product.Category,
            cheapest?.Price ?? 0, cheapest?.Currency ?? "", product.InStock, product.Images.FirstOrDefault(),
            product.Status, product.Version, product.CreatedAt, product.PublishedAt, product.Moderation, cheapest?.ListPrice);
    }
}

