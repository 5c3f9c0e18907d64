using Confluent.Kafka;

namespace Marketplace.Streaming.Kafka;

/// <summary>librdkafka settings of the provider's producer and consumers, derived from <see cref="KafkaStreamOptions"/>.</summary>
internal static class KafkaClientConfigs
{
    public static ProducerConfig Producer(KafkaStreamOptions options, string clientId) =>
        new(Common(options, clientId))
        {
            // Idempotence keeps a retried send from landing twice or out of order within a partition.
            EnableIdempotence = true,
            // A publish completes only once every in-sync replica holds it: the durability at-least-once rests on.
            Acks = Acks.All,
            LingerMs = options.ProducerLinger.TotalMilliseconds,
        };

    public static ConsumerConfig Consumer(KafkaStreamOptions options, string clientId) =>
        new(Common(options, clientId))
        {
            GroupId = options.ConsumerGroup,
            // Only offsets the receiver stores - those of messages the pulling agent reports delivered - are committed,
            // in the background every CommitInterval instead of one synchronous broker round trip per delivered read.
            EnableAutoCommit = true,
            AutoCommitIntervalMs = (int)Math.Ceiling(options.CommitInterval.TotalMilliseconds),
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = false,
            QueuedMaxMessagesKbytes = options.ConsumerPrefetchKilobytes,
            // The broker answers a fetch as soon as one byte is there, else after the wait (see ConsumerFetchWait).
            FetchMinBytes = 1,
            FetchWaitMaxMs = (int)Math.Ceiling(options.ConsumerFetchWait.TotalMilliseconds),
        };

    private static Dictionary<string, string> Common(KafkaStreamOptions options, string clientId)
    {
        var settings = new Dictionary<string, string>(options.Client, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = options.BootstrapServers,
            ["client.id"] = clientId,
        };
        return settings;
    }
}
