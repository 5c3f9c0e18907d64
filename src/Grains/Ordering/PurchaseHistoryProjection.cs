using Marketplace.Common;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Ordering;

/// <summary>Receives one order's events (implicit subscription; key = the order's stream key).</summary>
public interface IPurchaseHistoryProjection : IGrainWithStringKey;

/// <summary>
/// Keeps each shopper's purchases in step with their orders: paid, received per sub-order, withdrawn when a sub-order
/// is cancelled or undeliverable. Stateless; the purchases grain makes every step idempotent, so redelivery is harmless.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Orders)]
public sealed class PurchaseHistoryProjection : Grain, IPurchaseHistoryProjection, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => Apply(envelope));

    private async Task Apply(EventEnvelope envelope)
    {
        switch (envelope.Data)
        {
            case OrderPaid paid:
                var order = await GrainFactory.GetGrain<IOrderGrain>(paid.OrderId).Get();
                await Purchases(paid.ShopperId).RecordPaid(paid.OrderId, order.Lines, envelope.OccurredAt);
                break;
            case SellerOrderStatusChanged { Status: SellerOrderStatus.Delivered or SellerOrderStatus.Cancelled or SellerOrderStatus.DeliveryFailed } change:
                var shopperId = (await GrainFactory.GetGrain<IOrderGrain>(change.OrderId).Get()).ShopperId;
                var productIds = (await GrainFactory.GetGrain<ISellerOrderGrain>(change.SellerOrderId).Get()).Lines.Select(l => l.ProductId).Distinct().ToList();
                await (change.Status == SellerOrderStatus.Delivered
                    ? Purchases(shopperId).RecordReceived(change.OrderId, productIds, envelope.OccurredAt)
                    : Purchases(shopperId).RecordWithdrawn(change.OrderId, productIds));
                break;
        }
    }

    private IShopperPurchasesGrain Purchases(Guid shopperId) => GrainFactory.GetGrain<IShopperPurchasesGrain>(shopperId);
}
