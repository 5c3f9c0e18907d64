using Marketplace.Common;

namespace Marketplace.Payouts.Events;

/// <summary>A run started (by an operator or the schedule).</summary>
[GenerateSerializer, Immutable]
public sealed record PayoutRunStarted(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] PayoutTrigger Trigger) : IDomainEvent;

/// <summary>A run opened a payout for each of <paramref name="Sellers"/> sellers with a balance.</summary>
[GenerateSerializer, Immutable]
public sealed record PayoutRunIssued(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] int Sellers) : IDomainEvent;

/// <summary>The seller's available balance was taken for a payout and is on its way to the processor.</summary>
[GenerateSerializer, Immutable]
public sealed record PayoutRequested(
    [property: Id(0)] Guid PayoutId,
    [property: Id(1)] Guid RunId,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] string Currency) : IDomainEvent;

/// <summary>The processor did not answer; the payout is sent again at <paramref name="NextAttemptAt"/> with the same idempotency key.</summary>
[GenerateSerializer, Immutable]
public sealed record PayoutAttemptFailed(
    [property: Id(0)] Guid PayoutId,
    [property: Id(1)] Guid SellerId,
    [property: Id(2)] int Attempts,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset NextAttemptAt) : IDomainEvent;

/// <summary>The processor paid the payout to the seller's bank account.</summary>
[GenerateSerializer, Immutable]
public sealed record PayoutIssued(
    [property: Id(0)] Guid PayoutId,
    [property: Id(1)] Guid RunId,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] string Currency,
    [property: Id(5)] string ProcessorPayoutId) : IDomainEvent;

/// <summary>The processor refused the payout for good; the amount is back in the seller's balance.</summary>
[GenerateSerializer, Immutable]
public sealed record PayoutFailed(
    [property: Id(0)] Guid PayoutId,
    [property: Id(1)] Guid RunId,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] string Currency,
    [property: Id(5)] string Reason) : IDomainEvent;
