using Marketplace.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Marketplace.Grains.Common;

/// <summary>Hands an outbox event to its stream; done once the stream provider has accepted it.</summary>
public interface IEventDispatcher
{
    Task Publish(Grain publisher, string streamNamespace, EventEnvelope envelope);
}

/// <summary>
/// Publishes on the <c>events</c> stream provider, stream id = (domain, aggregate id), so one aggregate's events stay in
/// order, and counts each event the stream accepted by domain and type (what operators chart and alert on).
/// </summary>
internal sealed class StreamEventDispatcher(OutboxMetrics metrics) : IEventDispatcher
{
    public async Task Publish(Grain publisher, string streamNamespace, EventEnvelope envelope)
    {
        await publisher.GetStreamProvider(StreamNames.Provider)
            .GetStream<EventEnvelope>(StreamId.Create(streamNamespace, envelope.AggregateId))
            .OnNextAsync(envelope);
        metrics.Published(streamNamespace, envelope.Type);
    }
}
