using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Payments.Storage;
using Marketplace.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Payments;

/// <summary>
/// The shell of a payment (<see cref="PaymentLedger"/>): it saves each change of the ledger to the payments store
/// together with its events and the processor calls it owes (the outbox inside the record, <see cref="AggregateGrain"/>),
/// and makes those calls, each with the operation's own idempotency key. An unanswered call stays in the outbox until
/// its next attempt is due; the outbox's one reminder wakes the payment for it, after a deactivation or a crash too.
/// </summary>
public sealed class PaymentGrain(
    IPaymentRecordStore store,
    PaymentGatewayClient gateway,
    PaymentsMetrics metrics,
    IOptions<PaymentsOptions> options,
    OutboxRuntime outbox,
    ILogger<PaymentGrain> logger) : AggregateGrain(outbox), IPaymentGrain
{
    private readonly PaymentLedger _ledger = new(options.Value);
    private PaymentRecord? _record;

    private Guid PaymentId => this.GetPrimaryKey();

    // A payment not yet created owes nothing.
    protected override EventOutbox Outbox => _record?.Outbox ?? new EventOutbox();

    protected override Task WriteStateAsync() => store.Save(Existing());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _record = await store.Find(PaymentId, cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    // The order's effects authorise and abandon, the sub-orders' capture and release, each repeated by its outbox until
    // it returns (AggregateGrain.RepeatedByCaller). A refund (a return's effect today) arms the reminder first: it is
    // rare, and a later caller of it need not repeat.
    public Task<PaymentView> Authorise(AuthorisePayment command) => RepeatedByCaller(() => Answer(new CreatePayment(PaymentId, command)));

    public Task<PaymentView> Capture(Guid operationId, long amountMinor) =>
        RepeatedByCaller(() => Answer(new RequestOperation(operationId, PaymentOperationKind.Capture, amountMinor)));

    public Task<PaymentView> Release(Guid operationId, long amountMinor) =>
        RepeatedByCaller(() => Answer(new RequestOperation(operationId, PaymentOperationKind.Release, amountMinor)));

    public Task<PaymentView> Refund(Guid operationId, long amountMinor) => Answer(new RequestOperation(operationId, PaymentOperationKind.Refund, amountMinor));

    public Task<PaymentView> Abandon(string reason) => RepeatedByCaller(() => Answer(new AbandonPayment(reason)));

    public Task<PaymentView> Get() => Task.FromResult(Existing().ToView());

    /// <summary>A payment stored while its retries kept a reminder of their own: that reminder goes, and its pending calls are owed.</summary>
    protected override async Task OnReminder(string reminderName, TickStatus status)
    {
        await this.StopReminder(reminderName);
        if (_record is { } record && !record.Outbox.Pending.OfType<OutboxEffect>().Any())
        {
            foreach (var pending in record.Operations.Where(o => o.Status == PaymentOperationStatus.Pending))
            {
                Enqueue(new CallProcessorEffect(pending.OperationId));
            }
            await Commit();
        }
    }

    private async Task<PaymentView> Answer(PaymentCommand command)
    {
        await Run(command);
        return Existing().ToView();
    }

    /// <summary>Decides, applies and saves one command with what it raised; a failed save deactivates the grain (<see cref="AggregateGrain"/>).</summary>
    private async Task Run(PaymentCommand command)
    {
        var decision = _ledger.Decide(_record, command, Clock.GetUtcNow());
        if (decision.IsEmpty)
        {
            return;
        }
        foreach (var change in decision.Events)
        {
            _record = PaymentLedger.Apply(_record, change);
        }
        foreach (var published in decision.Published)
        {
            Raise(StreamNames.Payments, PaymentId.ToString(), published);
        }
        foreach (var effect in decision.Effects)
        {
            Enqueue(effect);
        }
        await Commit();
    }

    protected override async Task Perform(IAggregateEffect effect)
    {
        var record = Existing();
        switch (effect)
        {
            case CallProcessorEffect call when record.Operation(call.OperationId) is { Status: PaymentOperationStatus.Pending } operation:
                if (operation.NextAttemptAt is { } due && due > Clock.GetUtcNow())
                {
                    throw new EffectNotDueException(due);
                }
                var result = await Call(record, operation);
                metrics.ProcessorAnswered(operation.Kind, result.Outcome);
                await Run(new ProcessorAnswered(operation.OperationId, result));
                Report(record, operation, result);
                if (operation.Status == PaymentOperationStatus.Pending)
                {
                    throw new EffectNotDueException(operation.NextAttemptAt!.Value);
                }
                break;
            case NotifyPaymentOwnerEffect:
                // One-way: the owner may be calling us right now; it also asks again now and then if this is lost.
                await GrainFactory.GetGrain<IPaymentOwner>(record.OrderId).OnPaymentSettled(record.ToView());
                break;
        }
    }

    private void Report(PaymentRecord record, PaymentOperationRecord operation, GatewayResult result)
    {
        if (operation.Kind == PaymentOperationKind.Authorise && operation.Status != PaymentOperationStatus.Pending)
        {
            metrics.AuthorisationEnded(record.Status);
        }
        else if (operation.Status == PaymentOperationStatus.Rejected)
        {
            logger.LogError("Processor refused {Kind} {Operation} of payment {Payment}: {Code}", operation.Kind, operation.OperationId, PaymentId, result.Code);
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

    private PaymentRecord Existing() => _record ?? throw new NotFoundException($"Payment {PaymentId} does not exist.");
}
