namespace Marketplace.Catalog;

/// <summary>What a cart and checkout need to know of one sellable variant, read from its product grain.</summary>
[GenerateSerializer, Immutable]
public sealed record VariantSnapshot(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] string Title,
    [property: Id(4)] decimal Price,
    [property: Id(5)] string Currency,
    [property: Id(6)] int Available,
    [property: Id(7)] bool Purchasable);
