using Marketplace.Common;

namespace Marketplace.Sellers.Events;

/// <summary>Published on stream (<see cref="StreamNames.Sellers"/>, seller id) after every change of a seller; <see cref="Version"/> orders them.</summary>
[GenerateSerializer, Immutable]
public sealed record SellerChanged(
    [property: Id(0)] Guid SellerId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] SellerStatus Status,
    [property: Id(3)] long Version,
    [property: Id(4)] DateTimeOffset UpdatedAt) : IDomainEvent;
