using Marketplace.Common;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// The base of every stream-subscribed projector: a stateless grain per aggregate stream (implicit subscription on the
/// subclass) that hands each event to its projection through <see cref="ProjectionDelivery"/>. It keeps no state, so
/// nothing in it grows with the read model; ordering and idempotence are the projection's version checks.
/// </summary>
public abstract class ProjectorGrain(ProjectionDelivery delivery, IReadModelProjection projection) : Grain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => delivery.DeliverAsync(projection, envelope));
}
