using Marketplace.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Marketplace.Grains.Common;

/// <summary>Hands an outbox event to its stream; done once the stream provider has accepted it.</summary>
public interface IEventDispatcher
{
    Task Publish(Grain publisher, string streamNamespace, EventEnvelope envelope);
}

/// <summary>Publishes on the <c>events</c> stream provider, stream id = (domain, aggregate id), so one aggregate's events stay in order.</summary>
internal sealed class StreamEventDispatcher : IEventDispatcher
{
    public Task Publish(Grain publisher, string streamNamespace, EventEnvelope envelope) =>
        publisher.GetStreamProvider(StreamNames.Provider)
            .GetStream<EventEnvelope>(StreamId.Create(streamNamespace, envelope.AggregateId))
            .OnNextAsync(envelope);
}
