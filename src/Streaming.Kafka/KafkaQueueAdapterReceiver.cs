using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Streams;

namespace Marketplace.Streaming.Kafka;

/// <summary>
/// Reads one partition - the one numbered like its Orleans queue - for as long as the queue balancer keeps the
/// queue on this silo. It is assigned the partition directly (no Kafka group rebalancing: the balancer already gives
/// each queue to exactly one silo) and resumes from the consumer group's committed offset. It stores an offset only
/// when the pulling agent reports every message up to it delivered to all subscribers; librdkafka commits the stored
/// offset every CommitInterval and the receiver commits it when it shuts down. A silo that dies leaves the messages
/// after the last commit to be redelivered by the queue's next owner: at-least-once, subscribers dedupe.
/// </summary>
internal sealed partial class KafkaQueueAdapterReceiver(
    string providerName,
    QueueId queueId,
    KafkaStreamOptions options,
    Serializer<KafkaBatchContainer> serializer,
    ILogger<KafkaQueueAdapterReceiver> logger) : IQueueAdapterReceiver
{
    private readonly TopicPartition partition = new(options.Topic, new Partition((int)queueId.GetNumericId()));
    private IConsumer<Ignore, byte[]>? consumer;
    private long stored = Offset.Unset.Value;

    public Task Initialize(TimeSpan timeout)
    {
        var client = new ConsumerBuilder<Ignore, byte[]>(KafkaClientConfigs.Consumer(options, $"{providerName}-{queueId}-{Environment.ProcessId}"))
            .SetLogHandler((_, message) => KafkaLogging.Forward(logger, message))
            .Build();
        client.Assign(new TopicPartitionOffset(partition, Offset.Stored));
        consumer = client;
        LogAssigned(partition.Topic, partition.Partition.Value, queueId);
        return Task.CompletedTask;
    }

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        var reader = consumer;
        if (reader is null)
        {
            return Task.FromResult<IList<IBatchContainer>>([]);
        }

        var limit = maxCount < 0 ? options.MaxBatchSize : Math.Min(maxCount, options.MaxBatchSize);
        var batch = new List<IBatchContainer>();
        // librdkafka prefetches in the background, so a read only drains its buffer and never blocks the agent.
        while (batch.Count < limit && reader.Consume(TimeSpan.Zero) is { } result)
        {
            var container = serializer.Deserialize(result.Message.Value)
                ?? throw new InvalidDataException($"Kafka {result.TopicPartitionOffset} holds no stream batch.");
            batch.Add(container.AtOffset(result.Offset.Value));
        }
        return Task.FromResult<IList<IBatchContainer>>(batch);
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        if (messages.Count == 0)
        {
            return Task.CompletedTask;
        }
        // The cache releases messages oldest first, once no subscriber's cursor still needs them; so everything up
        // to the newest released offset is delivered.
        var next = messages.Cast<KafkaBatchContainer>().Max(m => m.Offset) + 1;
        if (next > stored && consumer is { } reader)
        {
            // Local only: librdkafka's background commit sends it.
            reader.StoreOffset(new TopicPartitionOffset(partition, new Offset(next)));
            stored = next;
        }
        return Task.CompletedTask;
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        var reader = consumer;
        consumer = null;
        if (reader is null)
        {
            return;
        }
        // What was delivered is committed now, so the queue's next owner starts right after it; undelivered messages
        // stay uncommitted on purpose: that owner reads them again.
        await Task.Run(() =>
        {
            try
            {
                if (stored != Offset.Unset.Value)
                {
                    reader.Commit([new TopicPartitionOffset(partition, new Offset(stored))]);
                }
                reader.Close();
            }
            finally
            {
                reader.Dispose();
            }
        });
        LogReleased(partition.Topic, partition.Partition.Value, queueId, stored);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading Kafka {Topic}[{Partition}] for queue {QueueId} from the committed offset")]
    private partial void LogAssigned(string topic, int partition, QueueId queueId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released Kafka {Topic}[{Partition}] of queue {QueueId}; committed up to offset {Committed}")]
    private partial void LogReleased(string topic, int partition, QueueId queueId, long committed);
}
