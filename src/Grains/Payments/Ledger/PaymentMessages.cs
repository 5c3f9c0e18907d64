using Marketplace.Grains.Common;
using Marketplace.Payments;

namespace Marketplace.Grains.Payments;

/// <summary>What a payment is asked (by its order and sub-orders) or told (the processor's answer to one try).</summary>
public abstract record PaymentCommand;

public sealed record CreatePayment(Guid PaymentId, AuthorisePayment Request) : PaymentCommand;

/// <summary>A capture, release or refund with the caller's own operation id (a repeat with the same id changes nothing).</summary>
public sealed record RequestOperation(Guid OperationId, PaymentOperationKind Kind, long AmountMinor) : PaymentCommand;

public sealed record AbandonPayment(string Reason) : PaymentCommand;

public sealed record ProcessorAnswered(Guid OperationId, GatewayResult Result) : PaymentCommand;

/// <summary>A change of the ledger, folded into the record by <see cref="PaymentLedger.Apply"/>.</summary>
public abstract record PaymentEvent(DateTimeOffset At);

public sealed record PaymentCreated(DateTimeOffset At, Guid PaymentId, AuthorisePayment Request) : PaymentEvent(At);

public sealed record OperationRequested(DateTimeOffset At, Guid OperationId, PaymentOperationKind Kind, long AmountMinor) : PaymentEvent(At);

/// <summary>A try the processor did not answer: counted, and the next one is due at <paramref name="NextAttemptAt"/>.</summary>
public sealed record OperationUnanswered(DateTimeOffset At, Guid OperationId, string? Error, DateTimeOffset NextAttemptAt) : PaymentEvent(At);

/// <summary>The operation ended; <paramref name="Tried"/> is false when it ended without a call (an abandoned authorisation).</summary>
public sealed record OperationSettled(DateTimeOffset At, Guid OperationId, PaymentOperationStatus Status, string? Error, bool Tried) : PaymentEvent(At);

public sealed record PaymentStatusChanged(DateTimeOffset At, PaymentStatus Status, string? AuthorizationId = null, string? DeclineCode = null,
    string? FailureReason = null) : PaymentEvent(At);

/// <summary>Call the processor for one pending operation (due at its next attempt time), with the operation's own idempotency key.</summary>
[GenerateSerializer, Immutable]
public sealed record CallProcessorEffect([property: Id(0)] Guid OperationId) : IAggregateEffect;

/// <summary>Tell the order its payment's authorisation settled (one-way; the order also asks now and then).</summary>
[GenerateSerializer, Immutable]
public sealed record NotifyPaymentOwnerEffect : IAggregateEffect;
