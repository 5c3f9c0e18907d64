using Marketplace.Common;

namespace Marketplace.Catalog.Events;

/// <summary>
/// Published on stream (<see cref="StreamNames.Products"/>, product id) whenever moderation of a product changes:
/// sent to the rules, approved, blocked or held (with the reason the seller reads). Comes right after the
/// <see cref="ProductChanged"/> of the same change and shares its <see cref="Sequence"/>, which orders one product's events.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductModerated(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] Guid SellerId,
    [property: Id(2)] string Title,
    [property: Id(3)] ProductModeration Moderation,
    [property: Id(4)] long Sequence) : IDomainEvent;
