using Marketplace.Common;

namespace Marketplace.Returns.Events;

// The returns stream (StreamNames.Returns, key = the return id; topic marketplace.returns.v1). Money is in minor units,
// as the payment's events have it. A consumer dedupes on the envelope's id (docs/events/README.md).

/// <summary>A shopper asked to return <paramref name="Lines"/> of a delivered sub-order, worth <paramref name="AmountMinor"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ReturnRequested(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] Guid ShopperId,
    [property: Id(5)] ReturnReason Reason,
    [property: Id(6)] IReadOnlyList<ReturnLine> Lines,
    [property: Id(7)] long AmountMinor,
    [property: Id(8)] string Currency) : IDomainEvent;

/// <summary>The return was accepted by <paramref name="DecidedBy"/>: the parcel may come back.</summary>
[GenerateSerializer, Immutable]
public sealed record ReturnApproved(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] ReturnDecider DecidedBy,
    [property: Id(5)] string? Note) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record ReturnRejected(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] ReturnDecider DecidedBy,
    [property: Id(5)] string Reason) : IDomainEvent;

/// <summary>A step of the return without an event of its own: the shopper's dispute, the parcel on its way and arrived.</summary>
[GenerateSerializer, Immutable]
public sealed record ReturnStatusChanged(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] ReturnStatus Status,
    [property: Id(5)] string? Note) : IDomainEvent;

/// <summary>The seller has the parcel back and says whether the goods can be sold again (then they are restocked).</summary>
[GenerateSerializer, Immutable]
public sealed record ReturnReceived(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] bool Resellable,
    [property: Id(5)] string? Note) : IDomainEvent;

/// <summary>
/// The processor returned <paramref name="AmountMinor"/> of the order's captured money to the shopper's card, once per
/// return (<paramref name="RefundId"/> is the payment operation's id and idempotency key). The seller's ledger debits it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RefundIssued(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] Guid PaymentId,
    [property: Id(5)] Guid RefundId,
    [property: Id(6)] long AmountMinor,
    [property: Id(7)] string Currency) : IDomainEvent;

/// <summary>The processor refused one refund attempt; the return tries again with a new attempt (<paramref name="Attempt"/> + 1).</summary>
[GenerateSerializer, Immutable]
public sealed record RefundFailed(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] Guid RefundId,
    [property: Id(5)] long AmountMinor,
    [property: Id(6)] string Currency,
    [property: Id(7)] int Attempt,
    [property: Id(8)] string Reason) : IDomainEvent;
