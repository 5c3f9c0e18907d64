using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;

namespace Marketplace.Grains.Ordering.Lists;

/// <summary>
/// Keeps the order lists in step with the orders stream. The events say that an order or a sub-order changed; the
/// projection reads the aggregate's view and writes its row with the view's version, so an event that arrives late,
/// twice or for a transition that published nothing (awaiting payment) still leaves the row showing the newest state.
/// </summary>
public sealed class OrderListProjection(IOrderListStore store, IGrainFactory grains) : IReadModelProjection
{
    public string Name => "order-lists";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Orders];

    public async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        switch (envelope.Data)
        {
            case OrderPlaced or OrderPaid or OrderFailed or OrderCancelled:
                var order = await grains.GetGrain<IOrderGrain>(Guid.Parse(envelope.AggregateId)).Get();
                await store.ApplyAsync(OrderList.Shopper, OrderListRows.Of(order), replaceSameVersion: false, cancellationToken);
                break;
            case SellerOrderStatusChanged changed:
                var sellerOrder = await grains.GetGrain<ISellerOrderGrain>(changed.SellerOrderId).Get();
                await store.ApplyAsync(OrderList.Seller, OrderListRows.Of(sellerOrder), replaceSameVersion: false, cancellationToken);
                break;
        }
    }
}

/// <summary>The list row of an order or a sub-order; its version is the length of the status history.</summary>
public static class OrderListRows
{
    public static OrderListRow Of(OrderView order) => new(
        new OrderSummary(order.OrderId, order.OrderId, order.Status.ToString(), order.Total, order.Currency, order.Lines.Sum(l => l.Quantity),
            order.PlacedAt, order.History[^1].At),
        order.ShopperId, order.History.Count);

    public static OrderListRow Of(SellerOrderView sellerOrder) => new(
        new OrderSummary(sellerOrder.SellerOrderId, sellerOrder.OrderId, sellerOrder.Status.ToString(), sellerOrder.Total, sellerOrder.Currency,
            sellerOrder.Lines.Sum(l => l.Quantity), sellerOrder.PlacedAt, sellerOrder.History[^1].At),
        sellerOrder.SellerId, sellerOrder.History.Count);
}
