using Marketplace.Grains.Common;
using Marketplace.Payouts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Payouts.Runs;

/// <summary>
/// The payout schedule: a reminder every <c>Payouts:ScheduleInterval</c>, at the interval's multiples since the epoch.
/// A tick writes its slot with the effects it owes (start the slot's run, reconcile what is still sending), so a crash
/// after the tick still starts that run, and a second tick of the same slot starts nothing: the run's id is the slot's.
/// </summary>
public sealed class PayoutScheduleGrain(
    [PersistentState("payout-schedule", Marketplace.Common.StorageNames.Payments)] IPersistentState<PayoutScheduleGrain.ScheduleState> state,
    IOptions<PayoutsOptions> options,
    OutboxRuntime outbox,
    ILogger<PayoutScheduleGrain> logger) : AggregateGrain(outbox), IPayoutScheduleGrain
{
    public const string ScheduleReminder = "payout-schedule";

    protected override EventOutbox Outbox => state.State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public async Task Ensure()
    {
        var settings = options.Value;
        if (!settings.ScheduleEnabled)
        {
            await this.StopReminder(ScheduleReminder);
            return;
        }
        var now = Clock.GetUtcNow();
        await this.RegisterOrUpdateReminder(ScheduleReminder, Slot(now) + settings.ScheduleInterval - now, settings.ScheduleInterval);
    }

    protected override async Task OnReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ScheduleReminder || !options.Value.ScheduleEnabled)
        {
            await base.OnReminder(reminderName, status);
            return;
        }
        var slot = Slot(Clock.GetUtcNow());
        if (state.State.LastSlot == slot)
        {
            return;
        }
        state.State.LastSlot = slot;
        Enqueue(new StartScheduledRunEffect(slot));
        Enqueue(new ReconcileEffect());
        await Commit();
    }

    protected override async Task Perform(IAggregateEffect effect)
    {
        switch (effect)
        {
            case StartScheduledRunEffect start:
                var run = await GrainFactory.GetGrain<IPayoutRunGrain>(PayoutIds.ScheduledRun(start.Slot)).Start(PayoutTrigger.Schedule);
                logger.LogInformation("Scheduled payout run {Run} of {Slot:u} started", run.RunId, start.Slot);
                break;
            case ReconcileEffect:
                await GrainFactory.GetGrain<IPayoutListsGrain>(0).Reconcile();
                break;
        }
    }

    private DateTimeOffset Slot(DateTimeOffset now)
    {
        var interval = options.Value.ScheduleInterval.Ticks;
        return new DateTimeOffset(now.UtcTicks / interval * interval, TimeSpan.Zero);
    }

    [GenerateSerializer]
    public sealed class ScheduleState
    {
        [Id(0)] public DateTimeOffset? LastSlot { get; set; }
        [Id(1)] public EventOutbox Outbox { get; set; } = new();
    }
}

[GenerateSerializer, Immutable]
public sealed record StartScheduledRunEffect([property: Id(0)] DateTimeOffset Slot) : IAggregateEffect;

/// <summary>Reconcile the payouts still sending with the processor.</summary>
[GenerateSerializer, Immutable]
public sealed record ReconcileEffect : IAggregateEffect;

/// <summary>Arms (or, when the schedule is off, removes) the payout schedule's reminder once the silo is up.</summary>
internal sealed class PayoutScheduleStartup(IGrainFactory grains, ILogger<PayoutScheduleStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PayoutScheduleStartup), ServiceLifecycleStage.Active, async cancellationToken =>
        {
            try
            {
                await grains.GetGrain<IPayoutScheduleGrain>(0).Ensure().WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Another silo's start arms it too, and so does this one's next start.
                logger.LogWarning(e, "The payout schedule could not be armed");
            }
        });
}
