using Marketplace.Common;

namespace Marketplace.Grains.Common;

/// <summary>
/// What an aggregate core decided about one command: the events that change its state (folded by the core's
/// <c>Apply</c>), the domain events to publish, and the effects it owes the world. The shell applies the events,
/// raises and enqueues the rest into the outbox, and writes it all in one write.
/// </summary>
public sealed record Decision<TEvent>(IReadOnlyList<TEvent> Events, IReadOnlyList<IDomainEvent> Published, IReadOnlyList<IAggregateEffect> Effects)
{
    /// <summary>Nothing to do: the command was a repeat, or changed nothing.</summary>
    public static Decision<TEvent> None { get; } = new([], [], []);

    public bool IsEmpty => Events.Count == 0 && Published.Count == 0 && Effects.Count == 0;

    public static Decision<TEvent> Of(TEvent change, IDomainEvent? published = null, IAggregateEffect? effect = null) =>
        new([change], published is null ? [] : [published], effect is null ? [] : [effect]);
}
