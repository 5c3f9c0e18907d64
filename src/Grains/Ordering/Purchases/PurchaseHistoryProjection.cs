using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;

namespace Marketplace.Grains.Ordering.Purchases;

/// <summary>
/// Keeps the purchase history in step with the orders stream. An order's payment or a sub-order's move says that a
/// purchase changed; the projection reads the order (with its sub-orders) and writes each sub-order's rows at the
/// sub-order's version, so an event that arrives late or twice still leaves the rows showing the newest state.
/// </summary>
public sealed class PurchaseHistoryProjection(IPurchaseHistoryStore store, IGrainFactory grains) : IReadModelProjection
{
    public string Name => "purchase-history";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Orders];

    public async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var orderId = envelope.Data switch
        {
            OrderPaid paid => paid.OrderId,
            SellerOrderStatusChanged changed => changed.OrderId,
            _ => (Guid?)null,
        };
        if (orderId is null)
        {
            return;
        }
        var order = await grains.GetGrain<IOrderGrain>(orderId.Value).Get();
        foreach (var sellerOrder in order.SellerOrders)
        {
            await store.ApplyAsync(PurchaseRows.Of(order, sellerOrder), replaceSameVersion: false, cancellationToken);
        }
    }
}

/// <summary>A sub-order's purchase rows: one per product, bought once paid, received once delivered, withdrawn when cancelled or undeliverable.</summary>
public static class PurchaseRows
{
    public static SubOrderPurchases Of(OrderView order, SellerOrderView sellerOrder)
    {
        var paidAt = order.History.First(h => h.Status == nameof(OrderStatus.Paid)).At;
        var receivedAt = sellerOrder.History.LastOrDefault(h => h.Status == nameof(SellerOrderStatus.Delivered))?.At;
        var status = sellerOrder.Status switch
        {
            SellerOrderStatus.Delivered => PurchaseStatus.Received,
            SellerOrderStatus.Cancelled or SellerOrderStatus.DeliveryFailed => PurchaseStatus.Withdrawn,
            _ => PurchaseStatus.Bought,
        };
        var purchases = sellerOrder.Lines.GroupBy(l => l.ProductId).OrderBy(g => g.Key)
            .Select(product => new ProductPurchase(product.Key, order.OrderId, sellerOrder.SellerId, product.First().Title, product.Sum(l => l.Quantity),
                status, paidAt, status == PurchaseStatus.Received ? receivedAt : null))
            .ToList();
        return new SubOrderPurchases(sellerOrder.SellerOrderId, order.ShopperId, sellerOrder.History.Count, purchases);
    }
}
