using Marketplace.Common;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Integration;

/// <summary>Receives one aggregate's events of every integrator domain (implicit subscription; key = the aggregate id).</summary>
public interface IIntegratorTopicPublisher : IGrainWithStringKey;

/// <summary>
/// Forwards every event of its aggregate to the domain's integrator topic, in stream order. The stream delivers at
/// least once and so does this forwarder: integrators dedupe on the envelope id.
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
public sealed class IntegratorTopicPublisher(IntegratorTopicProducer producer) : Grain, IIntegratorTopicPublisher, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var domain = handleFactory.StreamId.GetNamespace()!;
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) =>
            producer.Enabled ? producer.PublishAsync(domain, envelope) : Task.CompletedTask);
    }
}
