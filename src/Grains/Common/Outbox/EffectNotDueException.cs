namespace Marketplace.Grains.Common;

/// <summary>
/// Thrown by <see cref="AggregateGrain.Perform"/> for an effect that waits for a moment (a retry's back-off, a
/// deadline): it stays in the outbox, holds back its lane like a failure, but is no failure, and the outbox reminder
/// is brought forward to <paramref name="due"/> (or sooner, when a failure's back-off is shorter).
/// </summary>
public sealed class EffectNotDueException(DateTimeOffset due) : Exception($"Not due before {due:O}.")
{
    public DateTimeOffset Due { get; } = due;
}
