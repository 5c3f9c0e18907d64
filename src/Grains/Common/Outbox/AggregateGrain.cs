using Marketplace.Common;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Common;

/// <summary>
/// The shell around an aggregate: a change and what it owes (events, effects) are written in one write, the outbox inside
/// the state; then the outbox is dispatched, and a message leaves it only once delivered. One reminder (<see cref="OutboxWakeUp"/>),
/// armed before the first write that leaves messages pending, wakes it after a crash and retries with back-off. Delivery
/// is at least once (consumers dedupe by event id); a removal rides on the next write: a change costs one write, not two.
/// </summary>
public abstract class AggregateGrain(OutboxRuntime runtime) : Grain, IRemindable
{
    public const string OutboxReminder = "outbox";

    private OutboxWakeUp? _reminder;
    private bool _removalsUnwritten;
    private bool _changesUnwritten;
    private bool _callerRepeats;
    private bool _dispatching;
    private bool _writeFailed;

    private OutboxWakeUp WakeUp => _reminder ??= new OutboxWakeUp(this, runtime);

    /// <summary>The outbox inside the aggregate's state.</summary>
    protected abstract EventOutbox Outbox { get; }

    /// <summary>Writes the aggregate's state, its outbox included.</summary>
    protected abstract Task WriteStateAsync();

    /// <summary>Carries out one of the aggregate's effects; throwing leaves it in the outbox for a retry.</summary>
    protected virtual Task Perform(IAggregateEffect effect) =>
        throw new InvalidOperationException($"{GetType().Name} raised {effect.GetType().Name} but performs no effects.");

    /// <summary>Whether the shell writes just to record deliveries; a grain whose every write is a visible new version says no (they leave with its next change).</summary>
    protected virtual bool RecordsDeliveries => true;

    /// <summary>Reminders other than the outbox's. One the grain no longer uses (an earlier version's retry reminder, say) is removed.</summary>
    protected virtual Task OnReminder(string reminderName, TickStatus status) => this.StopReminder(reminderName);

    protected TimeProvider Clock => runtime.Clock;

    /// <summary>Adds an event to the outbox with a new id and the aggregate's next sequence number; <see cref="Commit"/> writes and sends it.</summary>
    protected EventEnvelope Raise(string streamNamespace, string aggregateId, IDomainEvent data) =>
        Outbox.Add(streamNamespace, aggregateId, data, runtime.Clock.GetUtcNow());

    /// <summary>Adds an effect to the outbox; <see cref="Commit"/> writes it and has <see cref="Perform"/> carry it out.</summary>
    protected void Enqueue(IAggregateEffect effect) => Outbox.Pending.Add(new OutboxEffect(effect));

    /// <summary>
    /// Writes the state with everything raised since the last write, then dispatches the outbox. A failed write, or a
    /// reminder not armed before it, deactivates the grain (the next activation reads what the store holds) and throws;
    /// a failed delivery does not: the message is stored, and the reminder retries it.
    /// </summary>
    protected async Task Commit()
    {
        if (Outbox.Pending.Count > 0 && !WakeUp.Armed && !_callerRepeats)
        {
            // Before the write: a crash right after it must find a wake-up waiting.
            await OrDiscard(() => WakeUp.Arm(runtime.Options.ReminderPeriod));
        }
        await Write();
        await Dispatch();
    }

    /// <summary>
    /// Inside a dispatch pass, records a change the aggregate can redo from its stored state after a crash, written before
    /// the pass ends (no call returns before the store has it); outside a pass it is <see cref="Commit"/>.
    /// </summary>
    protected Task CommitLater()
    {
        _changesUnwritten = _dispatching;
        return _dispatching ? Task.CompletedTask : Commit();
    }

    /// <summary>
    /// Runs a command another aggregate's outbox effect repeats until it returns (an order's payment and sub-orders, a
    /// sub-order's shipment): a crash before it returns needs no wake-up of ours, the repeat resumes our outbox. A reminder
    /// is armed only before it returns, if its dispatch held something back; failing that, the call fails and is repeated.
    /// </summary>
    protected async Task<T> RepeatedByCaller<T>(Func<Task<T>> command)
    {
        _callerRepeats = true;
        try
        {
            return await command();
        }
        finally
        {
            _callerRepeats = false;
        }
    }

    /// <summary>Sends what a previous activation left in the outbox. A grain that loads its state itself calls this once it has.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (Outbox.Pending.Count > 0)
        {
            // Left by an activation that died before delivering; what stays held back arms the reminder.
            await Dispatch();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_removalsUnwritten && RecordsDeliveries)
        {
            try
            {
                await Write();
            }
            catch (Exception e)
            {
                // The delivered messages are sent once more by the next activation; consumers dedupe them.
                runtime.Logger.LogWarning(e, "{Grain} could not record its delivered messages at deactivation", this.GetGrainId());
            }
        }
        runtime.Metrics.Holds(this.GetGrainId(), 0);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != OutboxReminder)
        {
            await OnReminder(reminderName, status);
            return;
        }
        WakeUp.Armed = true;
        await Dispatch();
        if (Outbox.Pending.Count == 0)
        {
            if (_removalsUnwritten && RecordsDeliveries)
            {
                await Write();
            }
            await WakeUp.Stop();
        }
    }

    private async Task Write()
    {
        await OrDiscard(WriteStateAsync);
        _removalsUnwritten = false;
        _changesUnwritten = false;
    }

    /// <summary>A failed step of a write leaves memory holding a change the store may not have: the activation is dropped for one read from the store.</summary>
    private async Task OrDiscard(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch
        {
            _removalsUnwritten = false;
            _changesUnwritten = false;
            _writeFailed = true;
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// Delivers the pending messages lane by lane, in order; what fails stays, and the reminder is brought forward. An
    /// effect may change the state and commit (a carrier's tracking number): that commit only writes, this pass delivers.
    /// </summary>
    private async Task Dispatch()
    {
        if (_dispatching)
        {
            return;
        }
        _dispatching = true;
        OutboxPass pass;
        try
        {
            pass = await OutboxPass.Run(Outbox.Pending, (stream, envelope) => runtime.Dispatcher.Publish(this, stream, envelope), Perform,
                () => _writeFailed, (message, e) => runtime.DeliveryFailed(this.GetGrainId(), message, e));
        }
        finally
        {
            _dispatching = false;
        }
        _removalsUnwritten |= pass.Delivered > 0;
        if (_changesUnwritten && !_writeFailed)
        {
            await Write();
        }
        runtime.Metrics.Holds(this.GetGrainId(), Outbox.Pending.Count);
        if (!_writeFailed)
        {
            await WakeUp.After(pass, noneArmedBefore: _callerRepeats && !WakeUp.Armed);
        }
    }
}
