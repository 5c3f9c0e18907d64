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

/// <summary>
/// A sub-order moved. <paramref name="Breakdown"/> is its money (list total, seller-funded and platform-funded discount,
/// paid) in <paramref name="Currency"/>: what a seller's ledger books when it is delivered, refunded or cancelled.
/// Events written before the breakdown existed lack both.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SellerOrderStatusChanged(
    [property: Id(0)] Guid SellerOrderId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] SellerOrderStatus Status,
    [property: Id(4)] string? Note,
    [property: Id(5)] string? Currency = null,
    [property: Id(6)] PriceBreakdown? Breakdown = null,
    [property: Id(7)] string? PromoCode = null) : IDomainEvent;
