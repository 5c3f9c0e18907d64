using Marketplace.Common;
using Marketplace.Grains.Common;
using Orleans.Runtime;

namespace Marketplace.Tests.Events;

/// <summary>Publishes any domain event the way the marketplace's grains do, for tests of what consumes them.</summary>
public interface IEventSourceGrain : IGrainWithStringKey
{
    Task Emit(string streamNamespace, IDomainEvent data);

    /// <summary>Publishes an envelope as it is, e.g. the same one twice, as a redelivery would.</summary>
    Task EmitEnvelope(string streamNamespace, EventEnvelope envelope);
}

public sealed class EventSourceGrain : Grain, IEventSourceGrain
{
    public Task Emit(string streamNamespace, IDomainEvent data) => this.PublishEventAsync(streamNamespace, this.GetPrimaryKeyString(), data);

    public Task EmitEnvelope(string streamNamespace, EventEnvelope envelope) =>
        this.GetStreamProvider(StreamNames.Provider)
            .GetStream<EventEnvelope>(StreamId.Create(streamNamespace, this.GetPrimaryKeyString()))
            .OnNextAsync(envelope);
}
