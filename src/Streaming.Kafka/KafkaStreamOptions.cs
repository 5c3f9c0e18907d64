namespace Marketplace.Streaming.Kafka;

/// <summary>
/// Where and how an Orleans stream provider keeps its events in Kafka. Each Orleans queue is one partition of
/// <see cref="Topic"/>, so <see cref="Partitions"/> is both the topic's partition count and the number of queues the
/// silos share; it must not change while the topic holds undelivered events (a stream would move to another queue).
/// </summary>
public sealed class KafkaStreamOptions
{
    /// <summary>Comma-separated host:port list of the Kafka brokers.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The topic holding the provider's streams; every stream of the provider shares it.</summary>
    public string Topic { get; set; } = "orleans.streams";

    /// <summary>Partitions of <see cref="Topic"/> = Orleans queues. The topic must have at least this many.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>
    /// Consumer group whose committed offsets record what the cluster has delivered. Every silo of one cluster uses
    /// the same group; partitions are assigned by the Orleans queue balancer, not by Kafka's group protocol.
    /// </summary>
    public string ConsumerGroup { get; set; } = "orleans";

    /// <summary>Most Kafka messages one receiver hands to the pulling agent per read.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>Time the producer waits to fill a batch before sending (linger.ms).</summary>
    public TimeSpan ProducerLinger { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Cap on messages librdkafka prefetches per consumer; bounds memory when subscribers fall behind.</summary>
    public int ConsumerPrefetchKilobytes { get; set; } = 16 * 1024;

    /// <summary>Extra librdkafka settings for producers and consumers (security.protocol, sasl.*, ssl.*...).</summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    internal void Validate(string providerName)
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new InvalidOperationException($"Kafka stream provider '{providerName}': BootstrapServers is required.");
        }
        if (string.IsNullOrWhiteSpace(Topic))
        {
            throw new InvalidOperationException($"Kafka stream provider '{providerName}': Topic is required.");
        }
        if (Partitions < 1)
        {
            throw new InvalidOperationException($"Kafka stream provider '{providerName}': Partitions must be at least 1.");
        }
        if (string.IsNullOrWhiteSpace(ConsumerGroup))
        {
            throw new InvalidOperationException($"Kafka stream provider '{providerName}': ConsumerGroup is required.");
        }
    }
}
