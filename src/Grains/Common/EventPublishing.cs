using Marketplace.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace Marketplace.Grains.Common;

public static class EventPublishing
{
    /// <summary>
    /// Publishes a domain event on the aggregate's stream (namespace = its domain, key = its id), so every
    /// event of one aggregate stays in order for every subscriber and integrator topic.
    /// </summary>
    public static Task PublishEventAsync(this Grain grain, string streamNamespace, string aggregateId, IDomainEvent data, Guid? eventId = null)
    {
        var stream = grain.GetStreamProvider(StreamNames.Provider)
            .GetStream<EventEnvelope>(StreamId.Create(streamNamespace, aggregateId));
        var now = grain.GrainContext.ActivationServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return stream.OnNextAsync(EventEnvelope.Wrap(aggregateId, data, now, eventId: eventId));
    }
}
