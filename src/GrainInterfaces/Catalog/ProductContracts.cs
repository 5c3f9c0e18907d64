using System.Text.Json.Serialization;

namespace Marketplace.Catalog;

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<ProductStatus>))]
public enum ProductStatus
{
    Draft,
    Published,
    Archived,
}

/// <summary>What a seller sends to create or replace a product card. Validated by the product grain.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Description,
    [property: Id(2)] string Category,
    [property: Id(3)] string? Brand,
    [property: Id(4)] IReadOnlyDictionary<string, string>? Attributes,
    [property: Id(5)] IReadOnlyList<string>? Images,
    [property: Id(6)] IReadOnlyList<VariantDraft> Variants);

/// <summary>
/// One sellable variant of a draft. <see cref="Stock"/> is the on-hand count a NEW sku starts with;
/// the stock of an existing sku changes only through the stock operations, so a card edit never races checkout.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VariantDraft(
    [property: Id(0)] string Sku,
    [property: Id(1)] IReadOnlyDictionary<string, string>? Attributes,
    [property: Id(2)] decimal Price,
    [property: Id(3)] string Currency,
    [property: Id(4)] int Stock = 0);

/// <summary>
/// The public state of a product card: what the gateways return and what <see cref="Events.ProductChanged"/>
/// carries, so search indexes exactly what shoppers read. <see cref="Version"/> is the card's edit version (ETag).
/// Index only <see cref="Visible"/> products: a suspended seller's published cards stay published but hidden, and so
/// do cards moderation blocks. <see cref="Moderation"/> is null until the card is first published.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductSnapshot(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] Guid SellerId,
    [property: Id(2)] string Title,
    [property: Id(3)] string Description,
    [property: Id(4)] string Category,
    [property: Id(5)] string Brand,
    [property: Id(6)] IReadOnlyDictionary<string, string> Attributes,
    [property: Id(7)] ProductStatus Status,
    [property: Id(8)] IReadOnlyList<ProductVariant> Variants,
    [property: Id(9)] IReadOnlyList<string> Images,
    [property: Id(10)] long Version,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset UpdatedAt,
    [property: Id(13)] DateTimeOffset? PublishedAt,
    [property: Id(14)] bool SellerActive = true,
    [property: Id(15)] ProductModeration? Moderation = null)
{
    public bool InStock => Variants.Any(v => v.Available > 0);

    /// <summary>Whether shoppers see and can buy it: <see cref="Released"/> by a seller who is not suspended.</summary>
    public bool Visible => Released && SellerActive;

    /// <summary>Published and not hidden by moderation: all of <see cref="Visible"/> but the seller's standing (which search keeps per seller).</summary>
    public bool Released => ProductModeration.Releases(Status, Moderation);

    public decimal MinPrice => Variants.Count == 0 ? 0 : Variants.Min(v => v.Price);
}

/// <summary>
/// A variant as sold now: <see cref="Price"/> is what shoppers pay; while a seller's sale lowers it,
/// <see cref="ListPrice"/> is the old (list) price to show struck through and <see cref="SaleEndsAt"/> when the sale ends.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductVariant(
    [property: Id(0)] string Sku,
    [property: Id(1)] IReadOnlyDictionary<string, string> Attributes,
    [property: Id(2)] decimal Price,
    [property: Id(3)] string Currency,
    [property: Id(4)] int Available,
    [property: Id(5)] decimal? ListPrice = null,
    [property: Id(6)] DateTimeOffset? SaleEndsAt = null);
