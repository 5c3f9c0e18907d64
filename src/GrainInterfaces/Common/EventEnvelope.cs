namespace Marketplace.Common;

/// <summary>Marker of every domain event record carried on the event streams and the integrators' topics.</summary>
public interface IDomainEvent;

/// <summary>
/// The one envelope of every event: internal subscribers dedupe on <see cref="EventId"/>, integrators read
/// <see cref="Type"/> and <see cref="Version"/> to pick the schema of <see cref="Data"/>. <see cref="Sequence"/> numbers
/// the events of the aggregate that raised them (1, 2, 3… with no gaps; 0 from a publisher without an outbox), so a
/// consumer can tell a redelivery or an out-of-order event from a new one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventEnvelope(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] string AggregateId,
    [property: Id(5)] IDomainEvent Data,
    [property: Id(6)] long Sequence = 0)
{
    /// <summary>
    /// A new envelope of what happened at <paramref name="occurredAt"/> (the publisher's <see cref="TimeProvider"/>); a
    /// publisher that may repeat one fact passes the same <paramref name="eventId"/> so subscribers dedupe it.
    /// </summary>
    public static EventEnvelope Wrap(string aggregateId, IDomainEvent data, DateTimeOffset occurredAt, int version = 1, Guid? eventId = null) =>
        new(eventId ?? Guid.NewGuid(), data.GetType().Name, version, occurredAt, aggregateId, data);
}
