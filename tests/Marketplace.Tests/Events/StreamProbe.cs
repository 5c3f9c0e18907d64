using System.Collections.Concurrent;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Tests.Events;

/// <summary>A test-only domain event on a namespace of its own, so no production subscriber sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record ProbeHappened([property: Id(0)] int Sequence) : IDomainEvent;

public static class ProbeStreams
{
    public const string Namespace = "kafka-probe";
}

public interface IProbePublisherGrain : IGrainWithStringKey
{
    /// <summary>Publishes <paramref name="count"/> events on this aggregate's stream; returns their event ids.</summary>
    Task<Guid[]> Publish(int count);
}

public sealed class ProbePublisherGrain : Grain, IProbePublisherGrain
{
    public async Task<Guid[]> Publish(int count)
    {
        var stream = this.GetStreamProvider(StreamNames.Provider)
            .GetStream<EventEnvelope>(StreamId.Create(ProbeStreams.Namespace, this.GetPrimaryKeyString()));
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            var envelope = EventEnvelope.Wrap(this.GetPrimaryKeyString(), new ProbeHappened(i), TimeProvider.System.GetUtcNow());
            ids[i] = envelope.EventId;
            await stream.OnNextAsync(envelope);
        }
        return ids;
    }
}

/// <summary>
/// What the probe subscribers did, kept outside the silos as a real subscriber keeps its dedupe table in a database:
/// it outlives silo restarts and crashes. <see cref="Deliveries"/> counts every delivery, <see cref="Processed"/> is
/// the dedupe table keyed by event id, <see cref="Applied"/> counts the effects the handler let through.
/// </summary>
public static class ProbeLedger
{
    public static readonly ConcurrentDictionary<(string Subscriber, Guid EventId), int> Deliveries = new();
    public static readonly ConcurrentDictionary<(string Subscriber, Guid EventId), bool> Processed = new();
    public static readonly ConcurrentDictionary<(string Subscriber, Guid EventId), int> Applied = new();

    /// <summary>Aggregates whose first delivery the subscriber does not finish until the test opens the gate.</summary>
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    public static int DeliveriesOf(string subscriber, Guid eventId) => Deliveries.GetValueOrDefault((subscriber, eventId));

    public static int AppliedOf(string subscriber, Guid eventId) => Applied.GetValueOrDefault((subscriber, eventId));
}

/// <summary>An idempotent subscriber: applies each event once, however often the stream delivers it.</summary>
public abstract class ProbeSubscriberGrain : Grain, IGrainWithStringKey, IStreamSubscriptionObserver
{
    protected abstract string Name { get; }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        await handleFactory.Create<EventEnvelope>().ResumeAsync(async (envelope, _) =>
        {
            var key = (Name, envelope.EventId);
            var delivery = ProbeLedger.Deliveries.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (ProbeLedger.Processed.TryAdd(key, true))
            {
                ProbeLedger.Applied.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
            if (delivery == 1 && ProbeLedger.Gates.TryGetValue(envelope.AggregateId, out var gate))
            {
                await gate.Task;
            }
        });
    }
}

[ImplicitStreamSubscription(ProbeStreams.Namespace)]
public sealed class AuditProbeSubscriberGrain : ProbeSubscriberGrain
{
    protected override string Name => "audit";
}

[ImplicitStreamSubscription(ProbeStreams.Namespace)]
public sealed class ProjectionProbeSubscriberGrain : ProbeSubscriberGrain
{
    protected override string Name => "projection";
}
