using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace Marketplace.Streaming.Kafka;

/// <summary>
/// Writes stream events to the provider's topic - one message per batch, in the partition of the stream's queue,
/// keyed by the stream - and creates a receiver per queue the balancer gives this silo.
/// </summary>
internal sealed class KafkaQueueAdapter(
    string providerName,
    KafkaStreamOptions options,
    IStreamQueueMapper queueMapper,
    Serializer<KafkaBatchContainer> serializer,
    ILoggerFactory loggerFactory) : IQueueAdapter, IDisposable
{
    private readonly Lazy<IProducer<byte[], byte[]>> producer = new(() =>
        new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(options, $"{providerName}-producer-{Environment.ProcessId}"))
            .SetLogHandler((_, message) => KafkaLogging.Forward(loggerFactory.CreateLogger<KafkaQueueAdapter>(), message))
            .Build());

    public string Name => providerName;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new KafkaQueueAdapterReceiver(providerName, queueId, options, serializer, loggerFactory.CreateLogger<KafkaQueueAdapterReceiver>());

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new ArgumentException("The Kafka stream provider assigns sequence tokens itself; publish without one.", nameof(token));
        }

        var partition = new Partition((int)queueMapper.GetQueueForStream(streamId).GetNumericId());
        var container = new KafkaBatchContainer(streamId, events.Cast<object>().ToList(), requestContext);
        var message = new Message<byte[], byte[]>
        {
            Key = streamId.FullKey.ToArray(),
            Value = serializer.SerializeToArray(container),
        };
        // Completes when the brokers acknowledged the write (acks=all), so a publish that returns is durable.
        await producer.Value.ProduceAsync(new TopicPartition(options.Topic, partition), message);
    }

    public void Dispose()
    {
        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }
    }
}
