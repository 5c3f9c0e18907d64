namespace Marketplace.Catalog;

/// <summary>
/// What a seller sends to schedule a sale: shoppers pay <paramref name="Price"/> instead of the list price from
/// <paramref name="StartsAt"/> until (not including) <paramref name="EndsAt"/>, for the variant <paramref name="Sku"/>
/// or, with no sku, for every variant of the product. Validated by the product grain.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SaleDraft(
    [property: Id(0)] string? Sku,
    [property: Id(1)] decimal Price,
    [property: Id(2)] DateTimeOffset StartsAt,
    [property: Id(3)] DateTimeOffset EndsAt);

/// <summary>A scheduled or running sale of a product card (a variant's, or every variant's when <see cref="Sku"/> is null).</summary>
[GenerateSerializer, Immutable]
public sealed record Sale(
    [property: Id(0)] Guid SaleId,
    [property: Id(1)] string? Sku,
    [property: Id(2)] decimal Price,
    [property: Id(3)] DateTimeOffset StartsAt,
    [property: Id(4)] DateTimeOffset EndsAt)
{
    public bool RunsAt(DateTimeOffset moment) => StartsAt <= moment && moment < EndsAt;

    public bool Covers(string sku) => Sku is null || string.Equals(Sku, sku, StringComparison.Ordinal);

    /// <summary>Whether both can lower the same variant's price at the same moment (which is refused).</summary>
    public bool Overlaps(Sale other) =>
        (Sku is null || other.Sku is null || string.Equals(Sku, other.Sku, StringComparison.Ordinal))
        && StartsAt < other.EndsAt && other.StartsAt < EndsAt;
}

/// <summary>A card's sales that have not ended, soonest first, and the card's version (the ETag an edit must match).</summary>
[GenerateSerializer, Immutable]
public sealed record ProductSales(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] IReadOnlyList<Sale> Items,
    [property: Id(2)] long Version);
