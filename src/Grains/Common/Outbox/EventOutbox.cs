using System.Text.Json.Serialization;
using Marketplace.Common;

namespace Marketplace.Grains.Common;

/// <summary>
/// What an aggregate still owes the world, stored inside its own state so a change and its consequences are written
/// together: the events to publish and the effects (calls to other grains or services) to carry out, in the order
/// they were raised. <see cref="AggregateGrain"/> fills it, writes it, dispatches it and empties it.
/// </summary>
[GenerateSerializer]
public sealed class EventOutbox
{
    /// <summary>Sequence number of the aggregate's newest event; the next one gets this plus one.</summary>
    [Id(0)] public long LastSequence { get; set; }

    [Id(1)] public List<OutboxMessage> Pending { get; set; } = [];

    /// <summary>Adds an event with a new id (UUIDv7 of <paramref name="now"/>) and the aggregate's next sequence number.</summary>
    public EventEnvelope Add(string streamNamespace, string aggregateId, IDomainEvent data, DateTimeOffset now)
    {
        var envelope = new EventEnvelope(Guid.CreateVersion7(now), data.GetType().Name, 1, now, aggregateId, data, ++LastSequence);
        Pending.Add(new OutboxEvent(streamNamespace, envelope));
        return envelope;
    }
}

/// <summary>One entry of an <see cref="EventOutbox"/>.</summary>
[GenerateSerializer, Immutable]
public abstract record OutboxMessage
{
    /// <summary>
    /// Messages of one lane are delivered strictly in order (a failed one holds back the later ones); lanes are
    /// independent, so an unreachable service delays its own effects, never the aggregate's events.
    /// </summary>
    [JsonIgnore]
    public abstract string Lane { get; }
}

/// <summary>An event for the stream (<see cref="StreamNamespace"/>, <see cref="EventEnvelope.AggregateId"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record OutboxEvent([property: Id(0)] string StreamNamespace, [property: Id(1)] EventEnvelope Envelope) : OutboxMessage
{
    public override string Lane => $"stream/{StreamNamespace}/{Envelope.AggregateId}";
}

/// <summary>An effect the aggregate carries out itself (<see cref="AggregateGrain.Perform"/>); it must be idempotent.</summary>
[GenerateSerializer, Immutable]
public sealed record OutboxEffect([property: Id(0)] IAggregateEffect Effect) : OutboxMessage
{
    public override string Lane => "effects";
}

/// <summary>Marker of an aggregate's effect records; each is a <c>[GenerateSerializer]</c> record stored in the outbox.</summary>
public interface IAggregateEffect;
