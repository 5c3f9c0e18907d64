using System.Text.Json;
using Confluent.Kafka;
using Marketplace.Common;
using Marketplace.Ordering.Events;

namespace Marketplace.Tests.Events;

/// <summary>Domain events reach the integrators' topics as JSON envelopes keyed by aggregate id.</summary>
[Collection(KafkaCollection.Name)]
public sealed class IntegratorTopicTests(KafkaBroker broker)
{
    [Fact]
    public async Task An_order_event_lands_on_the_orders_topic_keyed_by_the_order_in_the_json_envelope()
    {
        var prefix = $"it{Guid.NewGuid():N}";
        var topic = $"{prefix}.orders.v1";
        await broker.CreateNamedTopicAsync(topic, partitions: 3);

        var streams = await broker.CreateTopicAsync("streams-integrator", 4);
        await using var cluster = await KafkaStreamsCluster.StartAsync(broker, streams, $"silos-{Guid.NewGuid():N}", silos: 1, partitions: 4,
            new Dictionary<string, string?>
            {
                ["IntegratorTopics:BootstrapServers"] = broker.BootstrapServers,
                ["IntegratorTopics:TopicPrefix"] = prefix,
            });

        var orderId = Guid.NewGuid();
        var placed = new OrderPlaced(orderId, Guid.NewGuid(), 1234.50m, "RUB", 3);
        await cluster.Client.GetGrain<IEventSourceGrain>(orderId.ToString()).Emit(StreamNames.Orders, placed);

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = $"integrator-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        ConsumeResult<string, string>? received = null;
        while (received is null && DateTime.UtcNow < deadline)
        {
            received = consumer.Consume(TimeSpan.FromMilliseconds(250));
        }

        Assert.NotNull(received);
        Assert.Equal(orderId.ToString(), received.Message.Key);
        using var json = JsonDocument.Parse(received.Message.Value);
        var envelope = json.RootElement;
        Assert.True(envelope.GetProperty("id").GetGuid() != Guid.Empty);
        Assert.Equal("OrderPlaced", envelope.GetProperty("type").GetString());
        Assert.Equal(1, envelope.GetProperty("version").GetInt32());
        Assert.Equal(orderId.ToString(), envelope.GetProperty("aggregateId").GetString());
        Assert.True(envelope.GetProperty("time").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        var data = envelope.GetProperty("data");
        Assert.Equal(orderId, data.GetProperty("orderId").GetGuid());
        Assert.Equal(1234.50m, data.GetProperty("total").GetDecimal());
        Assert.Equal("RUB", data.GetProperty("currency").GetString());
    }
}
