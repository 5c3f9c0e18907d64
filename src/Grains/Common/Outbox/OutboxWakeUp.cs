using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Common;

/// <summary>
/// The aggregate's one outbox reminder: armed before a write that leaves messages pending (the crash safety net, at
/// <c>Outbox:ReminderPeriod</c>), brought forward after a pass that held messages back (back-off after failures, or
/// the moment a waiting effect falls due), stopped once the outbox is empty.
/// </summary>
internal sealed class OutboxWakeUp(Grain grain, OutboxRuntime runtime)
{
    private int _failures;

    /// <summary>Whether this activation knows the reminder to be registered.</summary>
    public bool Armed { get; set; }

    public async Task Arm(TimeSpan dueTime)
    {
        await grain.RegisterOrUpdateReminder(AggregateGrain.OutboxReminder, dueTime, runtime.Options.ReminderPeriod);
        Armed = true;
    }

    public async Task Stop()
    {
        await grain.StopReminder(AggregateGrain.OutboxReminder);
        Armed = false;
    }

    /// <summary>
    /// Brings the reminder forward to retry what <paramref name="pass"/> held back. If that fails, the reminder armed
    /// before the write still fires at its period, unless there is none (<paramref name="noneArmedBefore"/>): then the
    /// call fails, for its caller to repeat.
    /// </summary>
    public async Task After(OutboxPass pass, bool noneArmedBefore)
    {
        _failures = pass.Failed ? _failures + 1 : 0;
        if (!pass.AnyHeldBack)
        {
            return;
        }
        try
        {
            await Arm(pass.NextAttempt(_failures, runtime.Options, runtime.Clock.GetUtcNow()));
        }
        catch (Exception e) when (!noneArmedBefore)
        {
            runtime.Logger.LogWarning(e, "{Grain} could not bring its outbox retry forward", grain.GetGrainId());
        }
    }
}
