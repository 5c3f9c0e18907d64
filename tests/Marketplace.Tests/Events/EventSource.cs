using Marketplace.Common;
using Marketplace.Grains.Common;

namespace Marketplace.Tests.Events;

/// <summary>Publishes any domain event the way the marketplace's grains do, for tests of what consumes them.</summary>
public interface IEventSourceGrain : IGrainWithStringKey
{
    Task Emit(string streamNamespace, IDomainEvent data);
}

public sealed class EventSourceGrain : Grain, IEventSourceGrain
{
    public Task Emit(string streamNamespace, IDomainEvent data) => this.PublishEventAsync(streamNamespace, this.GetPrimaryKeyString(), data);
}
