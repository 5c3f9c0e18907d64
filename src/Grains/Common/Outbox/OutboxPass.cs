using Marketplace.Common;

namespace Marketplace.Grains.Common;

/// <summary>
/// What one dispatch pass of an outbox left behind: the lanes it held back (behind a failed delivery or an effect not
/// yet due), whether a delivery failed, and the earliest moment a waiting effect falls due.
/// </summary>
internal sealed class OutboxPass
{
    private readonly HashSet<string> _heldBack = new(StringComparer.Ordinal);
    private DateTimeOffset? _due;

    public bool Failed { get; private set; }

    /// <summary>How many messages this pass delivered and removed from the outbox.</summary>
    public int Delivered { get; private set; }

    /// <summary>
    /// Delivers <paramref name="pending"/> lane by lane, in order, removing each delivered message; a message that fails
    /// (or is not due yet) stays and holds back the rest of its lane, not the other lanes. Stops when
    /// <paramref name="aborted"/> says so (a failed write: the memory is no longer what the store holds). A delivery may
    /// add messages (an effect that commits): they are delivered by this same pass.
    /// </summary>
    public static async Task<OutboxPass> Run(List<OutboxMessage> pending, Func<string, EventEnvelope, Task> publish,
        Func<IAggregateEffect, Task> perform, Func<bool> aborted, Action<OutboxMessage, Exception> failed)
    {
        var pass = new OutboxPass();
        var next = 0;
        while (next < pending.Count && !aborted())
        {
            var message = pending[next];
            if (pass.HoldsBack(message.Lane))
            {
                next++;
                continue;
            }
            try
            {
                await (message switch
                {
                    OutboxEvent e => publish(e.StreamNamespace, e.Envelope),
                    OutboxEffect e => perform(e.Effect),
                    _ => throw new InvalidOperationException($"Unknown outbox message {message.GetType().Name}."),
                });
            }
            catch (EffectNotDueException notDue)
            {
                pass.NotDue(message.Lane, notDue.Due);
                next++;
                continue;
            }
            catch (Exception e)
            {
                failed(message, e);
                pass.Failure(message.Lane);
                next++;
                continue;
            }
            pending.RemoveAt(pending.FindIndex(m => ReferenceEquals(m, message)));
            pass.Delivered++;
        }
        return pass;
    }

    public bool AnyHeldBack => _heldBack.Count > 0;

    private bool HoldsBack(string lane) => _heldBack.Contains(lane);

    private void Failure(string lane)
    {
        Failed = true;
        _heldBack.Add(lane);
    }

    private void NotDue(string lane, DateTimeOffset due)
    {
        _heldBack.Add(lane);
        _due = _due is null || due < _due ? due : _due;
    }

    /// <summary>When the reminder should next fire: the back-off after <paramref name="failures"/> failed passes, or the waiting effect's due moment, whichever comes first.</summary>
    public TimeSpan NextAttempt(int failures, OutboxOptions options, DateTimeOffset now)
    {
        var wait = Failed ? options.RetryDelay(failures) : TimeSpan.MaxValue;
        if (_due is { } at && at - now is var untilDue && untilDue < wait)
        {
            wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue;
        }
        return wait;
    }

    public static string Describe(OutboxMessage message) => message switch
    {
        OutboxEvent e => $"{e.Envelope.Type} #{e.Envelope.Sequence}",
        OutboxEffect e => e.Effect.GetType().Name,
        _ => message.GetType().Name,
    };
}
