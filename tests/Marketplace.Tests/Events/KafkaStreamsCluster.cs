using Marketplace.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Marketplace.Tests.Events;

/// <summary>
/// An in-process Orleans cluster whose event provider is the Kafka one, configured the way the silo process is
/// (the <c>Streams</c> section, Provider=Kafka), on its own topic and consumer group.
/// </summary>
public static class KafkaStreamsCluster
{
    public static async Task<InProcessTestCluster> StartAsync(KafkaBroker broker, string topic, string consumerGroup, short silos, int partitions,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var kafka = new Dictionary<string, string?>
        {
            ["Streams:Provider"] = "Kafka",
            ["Streams:Kafka:BootstrapServers"] = broker.BootstrapServers,
            ["Streams:Kafka:Topic"] = topic,
            ["Streams:Kafka:Partitions"] = partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Streams:Kafka:ConsumerGroup"] = consumerGroup,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            kafka[key] = value;
        }
        return await MarketplaceTestCluster.StartAsync(kafka, silos);
    }
}
