using Marketplace.Common;

namespace Marketplace.Recommendations.Events;

/// <summary>
/// What a shopper's activity says about a product: enough for affinity and popularity without reading the catalog again.
/// <see cref="Category"/> is empty when the product was no longer on sale when the activity was recorded.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ActivityProduct(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Title,
    [property: Id(2)] string Category,
    [property: Id(3)] string Brand);

/// <summary>A signed-in shopper opened a product card. Published on (<see cref="StreamNames.UserActivity"/>, shopper id).</summary>
[GenerateSerializer, Immutable]
public sealed record ProductViewed(
    [property: Id(0)] Guid ShopperId,
    [property: Id(1)] ActivityProduct Product) : IDomainEvent;

/// <summary>A signed-in shopper searched products; the filters name the categories and brands looked for.</summary>
[GenerateSerializer, Immutable]
public sealed record SearchPerformed(
    [property: Id(0)] Guid ShopperId,
    [property: Id(1)] string? Text,
    [property: Id(2)] string? Category,
    [property: Id(3)] string? Brand) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record ProductAddedToCart(
    [property: Id(0)] Guid ShopperId,
    [property: Id(1)] ActivityProduct Product,
    [property: Id(2)] int Quantity) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record PurchasedProduct(
    [property: Id(0)] ActivityProduct Product,
    [property: Id(1)] int Quantity);

/// <summary>A shopper's order was paid. One event per order, whose id derives from the order's, so redelivery dedupes.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductsPurchased(
    [property: Id(0)] Guid ShopperId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] IReadOnlyList<PurchasedProduct> Items) : IDomainEvent;
