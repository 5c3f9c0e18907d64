using Confluent.Kafka;
using Marketplace.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Integration;

/// <summary>
/// The silo's one producer to the integrator topics. Idempotent (a retried send lands once, in order), acks=all,
/// keyed by aggregate id so each aggregate's events stay in one partition, in order.
/// </summary>
public sealed class IntegratorTopicProducer : IDisposable
{
    private readonly IntegratorTopicsOptions options;
    private readonly Lazy<IProducer<string, byte[]>> producer;

    public IntegratorTopicProducer(IOptions<IntegratorTopicsOptions> options, ILogger<IntegratorTopicProducer> logger)
    {
        this.options = options.Value;
        producer = new(() =>
        {
            var config = new ProducerConfig(new Dictionary<string, string>(this.options.Client, StringComparer.Ordinal))
            {
                BootstrapServers = this.options.BootstrapServers,
                EnableIdempotence = true,
                Acks = Acks.All,
                LingerMs = 2,
            };
            return new ProducerBuilder<string, byte[]>(config)
                .SetLogHandler((_, message) => logger.LogInformation("librdkafka {Facility}: {Message}", message.Facility, message.Message))
                .Build();
        });
    }

    public bool Enabled => options.Enabled;

    /// <summary>Completes once the brokers have the event; a failure surfaces so the stream redelivers it.</summary>
    public Task PublishAsync(string domain, EventEnvelope envelope) =>
        producer.Value.ProduceAsync(
            IntegratorTopics.For(options.TopicPrefix, domain),
            new Message<string, byte[]> { Key = envelope.AggregateId, Value = EventEnvelopeJson.Serialize(envelope) });

    public void Dispose()
    {
        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }
    }
}
