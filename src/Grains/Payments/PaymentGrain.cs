using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Payments.Storage;
using Marketplace.Payments;
using Marketplace.Payments.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Payments;

/// <summary>
/// A payment's ledger: each money movement is an operation written to the payments store as Pending BEFORE the
/// processor is called (with the operation's own idempotency key), then settled. An operation the processor did
/// not answer is retried with back-off: a grain timer while the grain is active, and a reminder that wakes the
/// grain after a deactivation or a silo crash, until it is answered (or, for an authorisation, until the budget
/// runs out and the payment fails). Its events are saved in the record with the change that raised them
/// (<see cref="AggregateGrain"/>).
/// </summary>
public sealed class PaymentGrain(
    IPaymentRecordStore store,
    PaymentGatewayClient gateway,
    PaymentsMetrics metrics,
    IOptions<PaymentsOptions> options,
    TimeProvider clock,
    OutboxRuntime outbox,
    ILogger<PaymentGrain> logger) : AggregateGrain(outbox), IPaymentGrain
{
    private const string RetryReminder = "payment-retry";
    private readonly PaymentsOptions _options = options.Value;
    private PaymentRecord? _record;
    private IGrainTimer? _retryTimer;

    private Guid PaymentId => this.GetPrimaryKey();

    // A payment not yet created owes nothing.
    protected override EventOutbox Outbox => _record?.Outbox ?? new EventOutbox();

    protected override Task WriteStateAsync() => store.Save(Existing());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _record = await store.Find(PaymentId, cancellationToken);
        if (_record is not null && HasPending(_record))
        {
            ScheduleRetryTimer(_record);
        }
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<PaymentView> Authorise(AuthorisePayment command)
    {
        if (_record is not null)
        {
            if (_record.OrderId != command.OrderId || _record.AmountMinor != command.AmountMinor || _record.Currency != command.Currency)
            {
                throw new ConflictException($"Payment {PaymentId} was already created for another order or amount.");
            }
            return _record.ToView();
        }
        if (command.AmountMinor <= 0)
        {
            throw new ValidationException("amount", "The amount must be positive.");
        }
        if (string.IsNullOrWhiteSpace(command.PaymentMethod))
        {
            throw new ValidationException("paymentMethod", "A payment method is required.");
        }

        var now = clock.GetUtcNow();
        _record = new PaymentRecord
        {
            PaymentId = PaymentId,
            OrderId = command.OrderId,
            ShopperId = command.ShopperId,
            AmountMinor = command.AmountMinor,
            Currency = command.Currency,
            PaymentMethod = command.PaymentMethod,
            CreatedAt = now,
            UpdatedAt = now,
            Operations = { NewOperation(PaymentId, PaymentOperationKind.Authorise, command.AmountMinor, now) },
        };
        await Save();
        await ProcessPending(force: true, notifyOwner: false);
        return _record.ToView();
    }

    public Task<PaymentView> Capture(Guid operationId, long amountMinor) =>
        Request(operationId, PaymentOperationKind.Capture, amountMinor, record => Held(record));

    public Task<PaymentView> Release(Guid operationId, long amountMinor) =>
        Request(operationId, PaymentOperationKind.Release, amountMinor, record => Held(record));

    public Task<PaymentView> Refund(Guid operationId, long amountMinor) =>
        Request(operationId, PaymentOperationKind.Refund, amountMinor, record =>
            record.SumOf(PaymentOperationKind.Capture, PaymentOperationStatus.Succeeded)
            - record.Operations.Where(o => o.Kind == PaymentOperationKind.Refund && o.Status != PaymentOperationStatus.Rejected).Sum(o => o.AmountMinor));

    public async Task<PaymentView> Abandon(string reason)
    {
        var record = Existing();
        switch (record.Status)
        {
            case PaymentStatus.Pending:
                // Stops the retries. A try that reached the processor unanswered may have left a hold: the processor
                // lets such authorisations lapse (docs/checkout-and-payments.md), and a later retry never happens.
                var authorise = record.Operations.Single(o => o.Kind == PaymentOperationKind.Authorise);
                Settle(authorise, PaymentOperationStatus.Rejected, "abandoned");
                record.Status = PaymentStatus.Abandoned;
                record.FailureReason = reason;
                await Save();
                await StopRetriesIfIdle();
                return record.ToView();
            case PaymentStatus.Authorised when Held(record) > 0:
                return await Release(DeterministicGuid.Create(PaymentId, "abandon"), Held(record));
            default:
                return record.ToView();
        }
    }

    public Task<PaymentView> Get() => Task.FromResult(Existing().ToView());

    protected override async Task OnReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetryReminder)
        {
            await base.OnReminder(reminderName, status);
            return;
        }
        if (_record is null || !HasPending(_record))
        {
            await StopRetriesIfIdle();
            return;
        }
        await ProcessPending(force: false, notifyOwner: true);
    }

    private async Task<PaymentView> Request(Guid operationId, PaymentOperationKind kind, long amountMinor, Func<PaymentRecord, long> available)
    {
        var record = Existing();
        if (record.Operations.FirstOrDefault(o => o.OperationId == operationId) is { } known)
        {
            if (known.Kind != kind || known.AmountMinor != amountMinor)
            {
                throw new ConflictException($"Operation {operationId} was already requested as a {known.Kind} of {known.AmountMinor}.");
            }
            return record.ToView();
        }
        if (record.Status != PaymentStatus.Authorised)
        {
            throw new ConflictException($"Payment {PaymentId} is {record.Status}: there is no authorised money to {kind.ToString().ToLowerInvariant()}.");
        }
        if (amountMinor <= 0 || amountMinor > available(record))
        {
            throw new ValidationException("amount", $"Cannot {kind.ToString().ToLowerInvariant()} {amountMinor}: {available(record)} is available.");
        }

        record.Operations.Add(NewOperation(operationId, kind, amountMinor, clock.GetUtcNow()));
        await Save();
        await ProcessPending(force: true, notifyOwner: false);
        return record.ToView();
    }

    /// <summary>Tries every pending operation that is due (or all of them when <paramref name="force"/>), in the order they were requested.</summary>
    private async Task ProcessPending(bool force, bool notifyOwner)
    {
        var record = Existing();
        var authoriseSettled = false;
        foreach (var operation in record.Operations.Where(o => o.Status == PaymentOperationStatus.Pending).ToList())
        {
            var now = clock.GetUtcNow();
            if (!force && operation.NextAttemptAt > now)
            {
                continue;
            }
            if (operation.Kind != PaymentOperationKind.Authorise && record.GatewayAuthorizationId is null)
            {
                continue;
            }

            operation.Attempts++;
            var result = await Call(record, operation);
            switch (result.Outcome)
            {
                case GatewayOutcome.Succeeded:
                    Settle(operation, PaymentOperationStatus.Succeeded, null);
                    if (operation.Kind == PaymentOperationKind.Authorise)
                    {
                        record.Status = PaymentStatus.Authorised;
                        record.GatewayAuthorizationId = result.AuthorizationId;
                        authoriseSettled = true;
                    }
                    break;
                case GatewayOutcome.Rejected:
                    Settle(operation, PaymentOperationStatus.Rejected, result.Code);
                    if (operation.Kind == PaymentOperationKind.Authorise)
                    {
                        record.Status = PaymentStatus.Declined;
                        record.DeclineCode = result.Code;
                        authoriseSettled = true;
                    }
                    else
                    {
                        logger.LogError("Processor refused {Kind} {Operation} of payment {Payment}: {Code}", operation.Kind, operation.OperationId, PaymentId, result.Code);
                    }
                    break;
                case GatewayOutcome.Unavailable when operation.Kind == PaymentOperationKind.Authorise && operation.Attempts >= _options.MaxAuthoriseAttempts:
                    Settle(operation, PaymentOperationStatus.Rejected, result.Code);
                    record.Status = PaymentStatus.Failed;
                    record.FailureReason = $"The payment processor was unreachable after {operation.Attempts} attempts.";
                    authoriseSettled = true;
                    break;
                case GatewayOutcome.Unavailable:
                    operation.Error = result.Code;
                    operation.NextAttemptAt = now + _options.RetryDelay(operation.Attempts);
                    break;
            }
            RaiseOutcome(record, operation);
            await Save();
            metrics.ProcessorAnswered(operation.Kind, result.Outcome);
            if (operation.Kind == PaymentOperationKind.Authorise && operation.Status != PaymentOperationStatus.Pending)
            {
                metrics.AuthorisationEnded(record.Status);
            }
        }

        if (HasPending(record))
        {
            await EnsureRetries(record);
        }
        else
        {
            await StopRetriesIfIdle();
        }

        if (authoriseSettled && notifyOwner)
        {
            // One-way: the owner may be calling us right now; it also polls from its own reminder if this is lost.
            await GrainFactory.GetGrain<IPaymentOwner>(record.OrderId).OnPaymentSettled(record.ToView());
        }
    }

    private Task<GatewayResult> Call(PaymentRecord record, PaymentOperationRecord operation)
    {
        var key = $"{PaymentId:N}:{operation.Kind}:{operation.OperationId:N}".ToLowerInvariant();
        var token = CancellationToken.None;
        return operation.Kind switch
        {
            PaymentOperationKind.Authorise => gateway.Authorise(key, record.AmountMinor, record.Currency, record.PaymentMethod, PaymentId.ToString(), token),
            PaymentOperationKind.Capture => gateway.Capture(record.GatewayAuthorizationId!, key, operation.AmountMinor, token),
            PaymentOperationKind.Release => gateway.Release(record.GatewayAuthorizationId!, key, operation.AmountMinor, token),
            PaymentOperationKind.Refund => gateway.Refund(record.GatewayAuthorizationId!, key, operation.AmountMinor, token),
            _ => throw new InvalidOperationException($"Unknown operation {operation.Kind}."),
        };
    }

    private void RaiseOutcome(PaymentRecord record, PaymentOperationRecord operation)
    {
        IDomainEvent? domainEvent = (operation.Kind, operation.Status, record.Status) switch
        {
            (PaymentOperationKind.Authorise, PaymentOperationStatus.Succeeded, _) => new PaymentAuthorised(PaymentId, record.OrderId, record.AmountMinor, record.Currency),
            (PaymentOperationKind.Authorise, PaymentOperationStatus.Rejected, PaymentStatus.Declined) => new PaymentDeclined(PaymentId, record.OrderId, record.DeclineCode ?? "declined"),
            (PaymentOperationKind.Authorise, PaymentOperationStatus.Rejected, PaymentStatus.Failed) => new PaymentFailed(PaymentId, record.OrderId, record.FailureReason ?? "failed"),
            (PaymentOperationKind.Capture, PaymentOperationStatus.Succeeded, _) => new PaymentCaptured(PaymentId, record.OrderId, operation.OperationId, operation.AmountMinor, record.Currency),
            (PaymentOperationKind.Release, PaymentOperationStatus.Succeeded, _) => new PaymentReleased(PaymentId, record.OrderId, operation.OperationId, operation.AmountMinor, record.Currency),
            (PaymentOperationKind.Refund, PaymentOperationStatus.Succeeded, _) => new PaymentRefunded(PaymentId, record.OrderId, operation.OperationId, operation.AmountMinor, record.Currency),
            _ => null,
        };
        if (domainEvent is not null)
        {
            Raise(StreamNames.Payments, PaymentId.ToString(), domainEvent);
        }
    }

    private async Task EnsureRetries(PaymentRecord record)
    {
        await this.RegisterOrUpdateReminder(RetryReminder, _options.ReminderPeriod, _options.ReminderPeriod);
        ScheduleRetryTimer(record);
    }

    private void ScheduleRetryTimer(PaymentRecord record)
    {
        var next = record.Operations.Where(o => o.Status == PaymentOperationStatus.Pending).Min(o => o.NextAttemptAt) ?? clock.GetUtcNow();
        var due = next - clock.GetUtcNow();
        _retryTimer?.Dispose();
        _retryTimer = this.RegisterGrainTimer(() => ProcessPending(force: false, notifyOwner: true),
            due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private async Task StopRetriesIfIdle()
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
        await StopReminder(RetryReminder);
    }

    /// <summary>Saves the record with the events raised since the last save; a failed save deactivates the grain (<see cref="AggregateGrain"/>).</summary>
    private Task Save()
    {
        Existing().UpdatedAt = clock.GetUtcNow();
        return Commit();
    }

    private PaymentRecord Existing() => _record ?? throw new NotFoundException($"Payment {PaymentId} does not exist.");

    private static bool HasPending(PaymentRecord record) => record.Operations.Any(o => o.Status == PaymentOperationStatus.Pending);

    private static long Held(PaymentRecord record) =>
        record.Status != PaymentStatus.Authorised ? 0
        : record.AmountMinor - record.Operations
            .Where(o => o.Kind is PaymentOperationKind.Capture or PaymentOperationKind.Release && o.Status != PaymentOperationStatus.Rejected)
            .Sum(o => o.AmountMinor);

    private static PaymentOperationRecord NewOperation(Guid id, PaymentOperationKind kind, long amountMinor, DateTimeOffset now) =>
        new() { OperationId = id, Kind = kind, AmountMinor = amountMinor, RequestedAt = now };

    private void Settle(PaymentOperationRecord operation, PaymentOperationStatus status, string? error)
    {
        operation.Status = status;
        operation.Error = error;
        operation.CompletedAt = clock.GetUtcNow();
        operation.NextAttemptAt = null;
    }
}
