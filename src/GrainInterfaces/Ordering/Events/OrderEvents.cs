using Marketplace.Common;

namespace Marketplace.Ordering.Events;

[GenerateSerializer, Immutable]
public sealed record OrderPlaced(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid ShopperId,
    [property: Id(2)] decimal Total,
    [property: Id(3)] string Currency,
    [property: Id(4)] int Items) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record OrderPaid(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid ShopperId,
    [property: Id(2)] Guid PaymentId,
    [property: Id(3)] decimal Total,
    [property: Id(4)] string Currency,
    [property: Id(5)] IReadOnlyList<Guid> SellerOrderIds) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record OrderFailed(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid ShopperId,
    [property: Id(2)] string Reason) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record OrderCancelled(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid ShopperId,
    [property: Id(2)] string Reason) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record SellerOrderStatusChanged(
    [property: Id(0)] Guid SellerOrderId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] SellerOrderStatus Status,
    [property: Id(4)] string? Note) : IDomainEvent;
