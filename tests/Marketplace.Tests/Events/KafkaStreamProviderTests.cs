using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Events;

/// <summary>
/// The Kafka stream provider delivers at least once across silo restarts and crashes, and subscribers that dedupe
/// by event id apply each event exactly once.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaStreamProviderTests(KafkaBroker broker)
{
    private const int Partitions = 4;
    private static readonly string[] Subscribers = ["audit", "projection"];
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_published_before_and_after_a_silo_restart_reach_every_subscriber_exactly_once()
    {
        var topic = await broker.CreateTopicAsync("streams-restart", Partitions);
        var group = $"silos-{Guid.NewGuid():N}";
        await using var cluster = await KafkaStreamsCluster.StartAsync(broker, topic, group, silos: 2, Partitions);

        // Several aggregates, so the streams spread over the partitions and both silos own some of them.
        var aggregates = Enumerable.Range(0, 8).Select(i => $"restart-{Guid.NewGuid():N}-{i}").ToArray();
        var before = await PublishAsync(cluster.Client, aggregates, perAggregate: 3);
        await WaitAppliedAsync(before);

        await cluster.StopSiloAsync(cluster.Silos[1]);
        await cluster.StartAdditionalSiloAsync();

        var after = await PublishAsync(cluster.Client, aggregates, perAggregate: 3);
        await WaitAppliedAsync(after);

        foreach (var subscriber in Subscribers)
        {
            foreach (var eventId in before.Concat(after))
            {
                Assert.True(ProbeLedger.DeliveriesOf(subscriber, eventId) >= 1);
                Assert.Equal(1, ProbeLedger.AppliedOf(subscriber, eventId));
            }
        }
    }

    [Fact]
    public async Task A_cluster_that_crashes_before_committing_redelivers_and_the_idempotent_subscriber_applies_once()
    {
        var topic = await broker.CreateTopicAsync("streams-crash", Partitions);
        var group = $"silos-{Guid.NewGuid():N}";
        var aggregate = $"crash-{Guid.NewGuid():N}";
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ProbeLedger.Gates[aggregate] = gate;

        Guid eventId;
        var first = await KafkaStreamsCluster.StartAsync(broker, topic, group, silos: 1, Partitions);
        try
        {
            eventId = (await first.Client.GetGrain<IProbePublisherGrain>(aggregate).Publish(1)).Single();
            // The audit subscriber applied the event but holds its delivery open, so the offset cannot be committed.
            await Eventually.Until(() => Task.FromResult(ProbeLedger.AppliedOf("audit", eventId) == 1), DeliveryDeadline, "the first delivery");
            await first.KillSiloAsync(first.Silos[0]);
        }
        finally
        {
            gate.TrySetResult();
            await first.DisposeAsync();
        }

        await using var second = await KafkaStreamsCluster.StartAsync(broker, topic, group, silos: 1, Partitions);
        await Eventually.Until(() => Task.FromResult(ProbeLedger.DeliveriesOf("audit", eventId) >= 2), DeliveryDeadline, "the redelivery after the crash");
        await WaitAppliedAsync([eventId]);

        Assert.Equal(1, ProbeLedger.AppliedOf("audit", eventId));
        Assert.Equal(1, ProbeLedger.AppliedOf("projection", eventId));
    }

    private static async Task<Guid[]> PublishAsync(IClusterClient client, IEnumerable<string> aggregates, int perAggregate)
    {
        var published = await Task.WhenAll(aggregates.Select(a => client.GetGrain<IProbePublisherGrain>(a).Publish(perAggregate)));
        return published.SelectMany(ids => ids).ToArray();
    }

    private static Task WaitAppliedAsync(IReadOnlyCollection<Guid> eventIds) =>
        Eventually.Until(
            () => Task.FromResult(Subscribers.All(s => eventIds.All(id => ProbeLedger.AppliedOf(s, id) >= 1))),
            DeliveryDeadline,
            $"{eventIds.Count} events to reach every subscriber");
}
