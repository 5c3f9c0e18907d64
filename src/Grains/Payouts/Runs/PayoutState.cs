using Marketplace.Grains.Common;
using Marketplace.Grains.Payouts.Processing;
using Marketplace.Ordering;
using Marketplace.Payouts;

namespace Marketplace.Grains.Payouts.Runs;

[GenerateSerializer]
public sealed class PayoutState
{
    [Id(0)] public Guid PayoutId { get; set; }
    [Id(1)] public Guid RunId { get; set; }
    [Id(2)] public Guid SellerId { get; set; }
    [Id(3)] public PayoutStatus Status { get; set; }
    [Id(4)] public long AmountMinor { get; set; }
    [Id(5)] public string Currency { get; set; } = "RUB";
    [Id(6)] public int Attempts { get; set; }
    [Id(7)] public string? LastError { get; set; }
    [Id(8)] public DateTimeOffset? NextAttemptAt { get; set; }
    [Id(9)] public string? ProcessorPayoutId { get; set; }

    /// <summary>One entry per status (at most five): failed attempts only count up <see cref="Attempts"/>, so the state stays small through a long outage.</summary>
    [Id(10)] public List<StatusChange> History { get; set; } = [];
    [Id(11)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Grows by one per change: the version of the payout's list row.</summary>
    [Id(12)] public long Version { get; set; }
    [Id(13)] public EventOutbox Outbox { get; set; } = new();

    public bool IsOpen => RunId != Guid.Empty;

    public PayoutView ToView() => new(PayoutId, RunId, SellerId, Status, AmountMinor, Currency, Attempts, LastError, NextAttemptAt, ProcessorPayoutId,
        History, CreatedAt);
}

/// <summary>Take the seller's available balance from the ledger (the Payout entry).</summary>
[GenerateSerializer, Immutable]
public sealed record ReserveFundsEffect : IAggregateEffect;

/// <summary>Send the payout to the processor, and again after each unanswered try.</summary>
[GenerateSerializer, Immutable]
public sealed record SendPayoutEffect : IAggregateEffect;

/// <summary>Post the processor's answer to the ledger: paid (PayoutPaid) or refused (PayoutFailed, the amount back to the seller).</summary>
[GenerateSerializer, Immutable]
public sealed record PostPayoutOutcomeEffect : IAggregateEffect;

public abstract record PayoutCommand;

public sealed record OpenPayout(Guid PayoutId, Guid RunId, Guid SellerId) : PayoutCommand;

/// <summary>What the ledger took; 0 when nothing (or less than the minimum) was available, or the seller may not be paid.</summary>
public sealed record FundsReserved(long AmountMinor, string? Reason) : PayoutCommand;

public sealed record ProcessorAnswered(PayoutAnswer Answer) : PayoutCommand;

/// <summary>Reconciliation found no payout at the processor: send at once rather than at the back-off's next moment.</summary>
public sealed record SendNow : PayoutCommand;

public abstract record PayoutEvent(DateTimeOffset At);

public sealed record PayoutOpened(DateTimeOffset At, Guid PayoutId, Guid RunId, Guid SellerId) : PayoutEvent(At);

public sealed record PayoutMoved(DateTimeOffset At, PayoutStatus Status, long AmountMinor, string? Note, string? ProcessorPayoutId) : PayoutEvent(At);

public sealed record PayoutAttempted(DateTimeOffset At, string Error, DateTimeOffset NextAttemptAt) : PayoutEvent(At);

public sealed record PayoutRescheduled(DateTimeOffset At) : PayoutEvent(At);
