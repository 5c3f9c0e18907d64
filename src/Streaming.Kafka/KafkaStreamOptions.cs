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

    /// <summary>
    /// How often each queue's pulling agent reads its receiver when the previous read found nothing (Orleans'
    /// <c>StreamPullingAgentOptions.GetQueueMsgsTimerPeriod</c>, 100 ms by Orleans' default). A read that finds
    /// messages is followed by another at once, so this bounds only the wait of the first event after a quiet spell:
    /// on average half of it is added to every event's latency at low rates. A read of an empty queue only drains
    /// librdkafka's local buffer, so a short period costs a timer tick per queue, not a broker round trip.
    /// </summary>
    public TimeSpan PullingPeriod { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Time the producer waits to fill a batch before sending (linger.ms). Each publish waits for its batch to be
    /// acknowledged, so this is added to publish latency; larger batches only pay at rates far above 5,000 events/s.
    /// </summary>
    public TimeSpan ProducerLinger { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Longest time a broker holds a consumer's fetch that found no data (fetch.wait.max.ms, librdkafka's default
    /// 500 ms). A real broker answers as soon as fetch.min.bytes (1) arrives, so there this only spaces the idle
    /// fetches of each queue; librdkafka's mock cluster answers an empty fetch only after the whole wait, so there it
    /// is added to the latency of an event produced meanwhile. Each idle queue sends one fetch per this period.
    /// </summary>
    public TimeSpan ConsumerFetchWait { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How often each receiver commits the offset of what its subscribers have taken (auto.commit.interval.ms; only
    /// offsets stored for delivered messages are committed, and a receiver shutting down commits at once). A crash
    /// redelivers at most this much more than was undelivered: subscribers dedupe either way (at least once).
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap on messages librdkafka prefetches per consumer; bounds memory when subscribers fall behind.</summary>
    public int ConsumerPrefetchKilobytes { get; set; } = 16 * 1024;

    /// <summary>Extra librdkafka settings for producers and consumers (security.protocol, sasl.*, ssl.*...).</summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What is wrong with these settings for provider <paramref name="providerName"/>; empty when nothing.</summary>
    internal List<string> Problems(string providerName)
    {
        var problems = new List<string>();
        void Require(bool valid, string problem)
        {
            if (!valid)
            {
                problems.Add($"Kafka stream provider '{providerName}': {problem}");
            }
        }
        Require(!string.IsNullOrWhiteSpace(BootstrapServers), "BootstrapServers is required.");
        Require(!string.IsNullOrWhiteSpace(Topic), "Topic is required.");
        Require(Partitions >= 1, "Partitions must be at least 1.");
        Require(!string.IsNullOrWhiteSpace(ConsumerGroup), "ConsumerGroup is required.");
        Require(MaxBatchSize >= 1, "MaxBatchSize must be at least 1.");
        Require(PullingPeriod >= TimeSpan.FromMilliseconds(1) && PullingPeriod <= TimeSpan.FromSeconds(10), "PullingPeriod must be between 1 ms and 10 s.");
        // librdkafka's bounds: linger.ms 0..900000, fetch.wait.max.ms 0..300000 (whole milliseconds).
        Require(ProducerLinger >= TimeSpan.Zero && ProducerLinger <= TimeSpan.FromSeconds(900), "ProducerLinger must be between 0 and 900 s.");
        Require(ConsumerFetchWait >= TimeSpan.FromMilliseconds(1) && ConsumerFetchWait <= TimeSpan.FromSeconds(300), "ConsumerFetchWait must be between 1 ms and 300 s.");
        Require(CommitInterval >= TimeSpan.FromMilliseconds(1) && CommitInterval <= TimeSpan.FromHours(1), "CommitInterval must be between 1 ms and 1 h.");
        Require(ConsumerPrefetchKilobytes >= 1, "ConsumerPrefetchKilobytes must be at least 1.");
        return problems;
    }
}
