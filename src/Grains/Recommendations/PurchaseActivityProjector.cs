using Marketplace.Common;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Marketplace.Recommendations;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Recommendations;

/// <summary>Receives one order's events (implicit subscription; key = the order's stream key).</summary>
public interface IPurchaseActivityProjector : IGrainWithStringKey;

/// <summary>
/// Records a paid order as its shopper's purchase activity: the order's lines, one entry per product. Redelivery of
/// OrderPaid republishes the same activity event id, which the activity subscribers drop.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Orders)]
public sealed class PurchaseActivityProjector : Grain, IPurchaseActivityProjector, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => Apply(envelope));

    private async Task Apply(EventEnvelope envelope)
    {
        if (envelope.Data is not OrderPaid paid)
        {
            return;
        }
        var order = await GrainFactory.GetGrain<IOrderGrain>(paid.OrderId).Get();
        var items = order.Lines
            .GroupBy(l => l.ProductId)
            .Select(g => new PurchasedItem(g.Key, g.First().Title, g.Sum(l => l.Quantity)))
            .ToList();
        await GrainFactory.GetGrain<IShopperActivityGrain>(paid.ShopperId).Purchased(paid.OrderId, items);
    }
}
