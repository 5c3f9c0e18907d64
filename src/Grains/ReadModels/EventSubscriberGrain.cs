using Marketplace.Common;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.ReadModels;

/// <summary>Receives one aggregate's events (implicit subscription; key = the aggregate's stream key).</summary>
public interface IEventSubscriber : IGrainWithStringKey;

/// <summary>
/// The one implicit subscriber of each aggregate stream: it hands every event to each projection of the stream's
/// namespace at once (<see cref="StreamProjections"/>) and completes when all have applied or parked it. One activation
/// and one delivery per aggregate and event, where a grain per projection cost a checkout 15 activations and 25
/// deliveries (bench/README.md). A projection retrying an event holds back its aggregate's next events for every
/// projection until its retry budget is spent. Keeps no state.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Orders)]
[ImplicitStreamSubscription(StreamNames.Payments)]
[ImplicitStreamSubscription(StreamNames.Shipments)]
[ImplicitStreamSubscription(StreamNames.Products)]
[ImplicitStreamSubscription(StreamNames.Sellers)]
[ImplicitStreamSubscription(StreamNames.Reviews)]
[ImplicitStreamSubscription(StreamNames.Returns)]
[ImplicitStreamSubscription(StreamNames.Payouts)]
[ImplicitStreamSubscription(StreamNames.Promotions)]
public sealed class EventSubscriberGrain(StreamProjections projections) : Grain, IEventSubscriber, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var streamNamespace = handleFactory.StreamId.GetNamespace()!;
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => projections.DeliverAsync(streamNamespace, envelope));
    }
}
