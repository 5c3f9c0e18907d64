namespace Marketplace.Catalog;

/// <summary>
/// What a cart and checkout need to know of one sellable variant, read from its product grain. <see cref="Price"/> is
/// the price now (a sale's while one runs), <see cref="ListPrice"/> the list price (the old price while on sale), <see cref="Category"/> the card's leaf category (promo codes may apply to categories).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VariantSnapshot(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] string Title,
    [property: Id(4)] decimal Price,
    [property: Id(5)] string Currency,
    [property: Id(6)] int Available,
    [property: Id(7)] bool Purchasable,
    [property: Id(8)] decimal ListPrice,
    [property: Id(9)] string Category);
