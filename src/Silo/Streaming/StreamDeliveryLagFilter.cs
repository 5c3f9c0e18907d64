using System.Diagnostics.Metrics;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Orleans.Streams;

namespace Marketplace.Silo.Streaming;

/// <summary>
/// Measures how late each domain event reaches each subscriber: the time from its publication (the envelope's
/// OccurredAt) to its delivery to a subscribing grain on this silo, by stream namespace (the publishing domain).
/// Sits in the grain call pipeline, so it sees the stream runtime's deliveries to every subscriber without any of
/// them taking part.
/// </summary>
public sealed class StreamDeliveryLagFilter : IIncomingGrainCallFilter
{
    private readonly Histogram<double> _lag;
    private readonly TimeProvider _clock;

    public StreamDeliveryLagFilter(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        _lag = MarketplaceMeter.Create(meters).CreateHistogram("marketplace.streams.delivery_lag", unit: "s",
            description: "Time from an event's publication to its delivery to a subscriber, by stream namespace.", advice: MarketplaceMeter.Seconds);
    }

    // Persistent stream providers (memory and Kafka alike) hand events to a subscriber through the stream runtime's
    // DeliverBatch call; every other call only pays for the name comparison.
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.MethodName == "DeliverBatch")
        {
            var request = context.Request;
            for (var i = 0; i < request.GetArgumentCount(); i++)
            {
                if (request.GetArgument(i) is IBatchContainer batch)
                {
                    foreach (var (envelope, _) in batch.GetEvents<EventEnvelope>())
                    {
                        Record(envelope, batch.StreamId);
                    }
                }
            }
        }
        return context.Invoke();
    }

    private void Record(EventEnvelope envelope, StreamId stream)
    {
        var lag = _clock.GetUtcNow() - envelope.OccurredAt;
        _lag.Record(Math.Max(0, lag.TotalSeconds), MarketplaceMeter.Tag("namespace", stream.GetNamespace()));
    }
}
