using Confluent.Kafka;

namespace Marketplace.Tests.Events;

/// <summary>The broker the event backbone runs on locally serves real clients in other processes.</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaMockBrokerTests(KafkaBroker broker)
{
    [Fact]
    public async Task A_consumer_group_resumes_from_its_committed_offset_in_a_new_consumer()
    {
        var topic = await broker.CreateTopicAsync("broker-test", partitions: 2);
        var group = $"group-{Guid.NewGuid():N}";
        var partition = new TopicPartition(topic, new Partition(1));

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, EnableIdempotence = true }).Build())
        {
            for (var i = 0; i < 5; i++)
            {
                var result = await producer.ProduceAsync(partition, new Message<string, string> { Key = "k", Value = $"m{i}" });
                Assert.Equal(PersistenceStatus.Persisted, result.Status);
            }
        }

        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using (var first = new ConsumerBuilder<string, string>(consumerConfig).Build())
        {
            first.Assign(new TopicPartitionOffset(partition, Offset.Stored));
            Assert.Equal(["m0", "m1", "m2"], ConsumeValues(first, 3));
            first.Commit([new TopicPartitionOffset(partition, new Offset(3))]);
            first.Close();
        }

        using var second = new ConsumerBuilder<string, string>(consumerConfig).Build();
        second.Assign(new TopicPartitionOffset(partition, Offset.Stored));
        Assert.Equal(["m3", "m4"], ConsumeValues(second, 2));
        Assert.Equal(3, second.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset.Value);
    }

    private static List<string> ConsumeValues(IConsumer<string, string> consumer, int count)
    {
        var values = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (values.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                values.Add(result.Message.Value);
            }
        }
        return values;
    }
}
