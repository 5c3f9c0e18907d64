using Marketplace.Tests.Events;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// The event path of the durable deployments, as deploy/local/up.sh runs it: the Kafka stream provider on librdkafka's
/// mock cluster (tools/KafkaMockBroker, or the cluster MARKETPLACE_KAFKA names). One broker per test process, started
/// on first use and stopped with the process; every deployment streams through a topic and consumer group of its own,
/// so deployments running side by side never read each other's events or offsets.
/// </summary>
public static class DeploymentStreams
{
    /// <summary>Queues per deployment: each is a partition and a pulling agent in every silo, so few keep idle silos cheap.</summary>
    private const int Partitions = 2;

    private static readonly Lazy<Task<KafkaBroker>> Broker = new(StartBrokerAsync);

    /// <summary>The silo settings (<c>Streams</c> section) of a deployment's own topic, created before it returns.</summary>
    public static async Task<Dictionary<string, string>> KafkaEnvironmentAsync(string consumerGroup)
    {
        var broker = await Broker.Value;
        var topic = await broker.CreateTopicAsync("marketplace.streams", Partitions);
        return new Dictionary<string, string>
        {
            ["Streams__Provider"] = "Kafka",
            ["Streams__Kafka__BootstrapServers"] = broker.BootstrapServers,
            ["Streams__Kafka__Topic"] = topic,
            ["Streams__Kafka__Partitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Streams__Kafka__ConsumerGroup"] = consumerGroup,
        };
    }

    private static async Task<KafkaBroker> StartBrokerAsync()
    {
        var broker = new KafkaBroker();
        await broker.InitializeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => broker.DisposeAsync().GetAwaiter().GetResult();
        return broker;
    }
}
