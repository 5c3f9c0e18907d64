using Marketplace.Silo.Hosting;
using Microsoft.Extensions.Configuration;
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
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Storage:Profile"] = "Memory",
                    ["Streams:Provider"] = "Kafka",
                    ["Streams:Kafka:BootstrapServers"] = broker.BootstrapServers,
                    ["Streams:Kafka:Topic"] = topic,
                    ["Streams:Kafka:Partitions"] = partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Streams:Kafka:ConsumerGroup"] = consumerGroup,
                })
                .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
                .Build();
            silo.AddMarketplaceGrains(configuration);
            silo.UseInMemoryReminderService();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
