using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Payments.Storage;
using Marketplace.Payments;
using Marketplace.Payments.Events;
using Decision = Marketplace.Grains.Common.Decision<Marketplace.Grains.Payments.PaymentEvent>;

namespace Marketplace.Grains.Payments;

/// <summary>
/// A payment's ledger as plain code. Each money movement is an operation, recorded as Pending before the processor is
/// called (the call is an effect, <see cref="CallProcessorEffect"/>); the processor's answer settles it, or an
/// unanswered try schedules the next one with back-off (<see cref="PaymentsOptions.RetryDelay"/>) until it is
/// answered, or, for an authorisation, until <see cref="PaymentsOptions.MaxAuthoriseAttempts"/> fails the payment.
/// </summary>
public sealed class PaymentLedger(PaymentsOptions options)
{
    public Decision Decide(PaymentRecord? record, PaymentCommand command, DateTimeOffset now) => command switch
    {
        CreatePayment create => Create(record, create, now),
        _ when record is null => throw new NotFoundException("The payment does not exist."),
        RequestOperation request => Request(record, request, now),
        AbandonPayment abandon => Abandon(record, abandon, now),
        ProcessorAnswered answered => Answered(record, answered, now),
        _ => Decision.None,
    };

    public static PaymentRecord Apply(PaymentRecord? record, PaymentEvent change)
    {
        if (change is PaymentCreated created)
        {
            return new PaymentRecord
            {
                PaymentId = created.PaymentId,
                OrderId = created.Request.OrderId,
                ShopperId = created.Request.ShopperId,
                AmountMinor = created.Request.AmountMinor,
                Currency = created.Request.Currency,
                PaymentMethod = created.Request.PaymentMethod,
                CreatedAt = created.At,
                UpdatedAt = created.At,
            };
        }
        var payment = record ?? throw new InvalidOperationException($"{change.GetType().Name} before the payment was created.");
        payment.UpdatedAt = change.At;
        switch (change)
        {
            case OperationRequested requested:
                payment.Operations.Add(new PaymentOperationRecord
                {
                    OperationId = requested.OperationId, Kind = requested.Kind, AmountMinor = requested.AmountMinor, RequestedAt = requested.At,
                });
                break;
            case OperationUnanswered unanswered:
                var tried = payment.Operation(unanswered.OperationId);
                tried.Attempts++;
                tried.Error = unanswered.Error;
                tried.NextAttemptAt = unanswered.NextAttemptAt;
                break;
            case OperationSettled settled:
                var operation = payment.Operation(settled.OperationId);
                operation.Attempts += settled.Tried ? 1 : 0;
                operation.Status = settled.Status;
                operation.Error = settled.Error;
                operation.CompletedAt = settled.At;
                operation.NextAttemptAt = null;
                break;
            case PaymentStatusChanged status:
                payment.Status = status.Status;
                payment.GatewayAuthorizationId = status.AuthorizationId ?? payment.GatewayAuthorizationId;
                payment.DeclineCode = status.DeclineCode ?? payment.DeclineCode;
                payment.FailureReason = status.FailureReason ?? payment.FailureReason;
                break;
        }
        return payment;
    }

    /// <summary>The authorised money neither captured nor released (nor being so).</summary>
    public static long Held(PaymentRecord record) =>
        record.Status != PaymentStatus.Authorised ? 0
        : record.AmountMinor - record.Operations
            .Where(o => o.Kind is PaymentOperationKind.Capture or PaymentOperationKind.Release && o.Status != PaymentOperationStatus.Rejected)
            .Sum(o => o.AmountMinor);

    private static Decision Create(PaymentRecord? record, CreatePayment create, DateTimeOffset now)
    {
        var request = create.Request;
        if (record is not null)
        {
            return record.OrderId == request.OrderId && record.AmountMinor == request.AmountMinor && record.Currency == request.Currency
                ? Decision.None
                : throw new ConflictException($"Payment {create.PaymentId} was already created for another order or amount.");
        }
        if (request.AmountMinor <= 0)
        {
            throw new ValidationException("amount", "The amount must be positive.");
        }
        if (string.IsNullOrWhiteSpace(request.PaymentMethod))
        {
            throw new ValidationException("paymentMethod", "A payment method is required.");
        }
        // The authorisation's operation id is the payment's own.
        return new Decision([new PaymentCreated(now, create.PaymentId, request), new OperationRequested(now, create.PaymentId, PaymentOperationKind.Authorise, request.AmountMinor)],
            [], [new CallProcessorEffect(create.PaymentId)]);
    }

    private static Decision Request(PaymentRecord record, RequestOperation request, DateTimeOffset now)
    {
        var verb = request.Kind.ToString().ToLowerInvariant();
        if (record.Operations.FirstOrDefault(o => o.OperationId == request.OperationId) is { } known)
        {
            return known.Kind == request.Kind && known.AmountMinor == request.AmountMinor
                ? Decision.None
                : throw new ConflictException($"Operation {request.OperationId} was already requested as a {known.Kind} of {known.AmountMinor}.");
        }
        if (record.Status != PaymentStatus.Authorised)
        {
            throw new ConflictException($"Payment {record.PaymentId} is {record.Status}: there is no authorised money to {verb}.");
        }
        var available = request.Kind == PaymentOperationKind.Refund
            ? record.SumOf(PaymentOperationKind.Capture, PaymentOperationStatus.Succeeded)
              - record.Operations.Where(o => o.Kind == PaymentOperationKind.Refund && o.Status != PaymentOperationStatus.Rejected).Sum(o => o.AmountMinor)
            : Held(record);
        if (request.AmountMinor <= 0 || request.AmountMinor > available)
        {
            throw new ValidationException("amount", $"Cannot {verb} {request.AmountMinor}: {available} is available.");
        }
        return Decision.Of(new OperationRequested(now, request.OperationId, request.Kind, request.AmountMinor), effect: new CallProcessorEffect(request.OperationId));
    }

    private static Decision Abandon(PaymentRecord record, AbandonPayment abandon, DateTimeOffset now) => record.Status switch
    {
        // Ends the retries. A try that reached the processor unanswered may have left a hold: the processor lets such
        // authorisations lapse (docs/checkout-and-payments.md), and a later retry never happens.
        PaymentStatus.Pending => new Decision([new OperationSettled(now, record.PaymentId, PaymentOperationStatus.Rejected, "abandoned", Tried: false),
            new PaymentStatusChanged(now, PaymentStatus.Abandoned, FailureReason: abandon.Reason)], [], []),
        PaymentStatus.Authorised when Held(record) > 0 =>
            Request(record, new RequestOperation(DeterministicGuid.Create(record.PaymentId, "abandon"), PaymentOperationKind.Release, Held(record)), now),
        _ => Decision.None,
    };

    private Decision Answered(PaymentRecord record, ProcessorAnswered answered, DateTimeOffset now)
    {
        var operation = record.Operation(answered.OperationId);
        if (operation.Status != PaymentOperationStatus.Pending)
        {
            return Decision.None;
        }
        var result = answered.Result;
        var attempts = operation.Attempts + 1;
        var authorise = operation.Kind == PaymentOperationKind.Authorise;
        return (result.Outcome, authorise) switch
        {
            (GatewayOutcome.Succeeded, true) => Settle(operation, PaymentOperationStatus.Succeeded, null, now,
                new PaymentStatusChanged(now, PaymentStatus.Authorised, AuthorizationId: result.AuthorizationId),
                new PaymentAuthorised(record.PaymentId, record.OrderId, record.AmountMinor, record.Currency)),
            (GatewayOutcome.Succeeded, false) => Settle(operation, PaymentOperationStatus.Succeeded, null, now, null, Moved(record, operation)),
            (GatewayOutcome.Rejected, true) => Settle(operation, PaymentOperationStatus.Rejected, result.Code, now,
                new PaymentStatusChanged(now, PaymentStatus.Declined, DeclineCode: result.Code),
                new PaymentDeclined(record.PaymentId, record.OrderId, result.Code ?? "declined")),
            (GatewayOutcome.Unavailable, true) when attempts >= options.MaxAuthoriseAttempts => Unreachable(record, operation, result, attempts, now),
            (GatewayOutcome.Unavailable, _) => Decision.Of(new OperationUnanswered(now, operation.OperationId, result.Code, now + options.RetryDelay(attempts))),
            // A capture, release or refund the processor refuses stays refused; the shell reports it to an operator.
            _ => Settle(operation, PaymentOperationStatus.Rejected, result.Code, now, null, null),
        };
    }

    private static Decision Unreachable(PaymentRecord record, PaymentOperationRecord operation, GatewayResult result, int attempts, DateTimeOffset now)
    {
        var reason = $"The payment processor was unreachable after {attempts} attempts.";
        return Settle(operation, PaymentOperationStatus.Rejected, result.Code, now, new PaymentStatusChanged(now, PaymentStatus.Failed, FailureReason: reason),
            new PaymentFailed(record.PaymentId, record.OrderId, reason));
    }

    /// <summary>Ends a try; an authorisation's end changes the payment's status and is told to its order.</summary>
    private static Decision Settle(PaymentOperationRecord operation, PaymentOperationStatus status, string? error, DateTimeOffset now,
        PaymentStatusChanged? paymentStatus, IDomainEvent? published)
    {
        var settled = new OperationSettled(now, operation.OperationId, status, error, Tried: true);
        return new Decision(paymentStatus is null ? [settled] : [settled, paymentStatus], published is null ? [] : [published],
            paymentStatus is null ? [] : [new NotifyPaymentOwnerEffect()]);
    }

    private static IDomainEvent Moved(PaymentRecord record, PaymentOperationRecord operation) => operation.Kind switch
    {
        PaymentOperationKind.Capture => new PaymentCaptured(record.PaymentId, record.OrderId, operation.OperationId, operation.AmountMinor, record.Currency),
        PaymentOperationKind.Release => new PaymentReleased(record.PaymentId, record.OrderId, operation.OperationId, operation.AmountMinor, record.Currency),
        _ => new PaymentRefunded(record.PaymentId, record.OrderId, operation.OperationId, operation.AmountMinor, record.Currency),
    };
}
