using Marketplace.Streaming.Kafka;

namespace Marketplace.Silo.Streaming;

public enum EventStreamBackend
{
    /// <summary>In-process memory streams: nothing survives a silo, for the in-memory profile and grain tests.</summary>
    Memory,

    /// <summary>Persistent streams in Kafka (see <see cref="KafkaStreamOptions"/>).</summary>
    Kafka,
}

/// <summary>The <c>Streams</c> section: which backend carries the event streams of <c>StreamNames.Provider</c>.</summary>
public sealed class EventStreamOptions
{
    public const string SectionName = "Streams";

    public EventStreamBackend Provider { get; set; } = EventStreamBackend.Memory;

    public KafkaStreamOptions Kafka { get; set; } = new();
}
