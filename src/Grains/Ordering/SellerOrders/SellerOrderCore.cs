using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Decision = Marketplace.Grains.Common.Decision<Marketplace.Grains.Ordering.SellerOrderEvent>;

namespace Marketplace.Grains.Ordering;

/// <summary>
/// One seller's part of a paid order, as plain code. Payment policy: the sub-order's share of the held amount is
/// captured when its parcel is delivered, and released (with the stock put back) when the delivery fails or the
/// sub-order is cancelled before hand-over. Every transition publishes <see cref="SellerOrderStatusChanged"/> and owes
/// at most one effect, which the shell writes with it (<see cref="SellerOrderGrain"/>).
/// </summary>
public static class SellerOrderCore
{
    public static Decision Decide(SellerOrderState state, SellerOrderCommand command, DateTimeOffset now) => command switch
    {
        OpenSubOrder open when state.IsOpen => state.OrderId == open.Order.OrderId && state.SellerId == open.Order.SellerId
            ? Decision.None
            : throw new ConflictException($"Sub-order {open.SellerOrderId} belongs to another order."),
        // The shipment is an effect like the money ones: a logistics hiccup delays the parcel, never the paid order.
        OpenSubOrder open => Move(state, new SubOrderOpened(now, open.SellerOrderId, open.Order),
            new SubOrderMoved(now, SellerOrderStatus.AwaitingShipment, null, null), new CreateShipmentEffect()),
        _ when !state.IsOpen => throw new NotFoundException("The sub-order does not exist."),
        CancelSubOrder cancel => state.Status switch
        {
            SellerOrderStatus.Cancelled => Decision.None,
            SellerOrderStatus.AwaitingShipment => Move(state, null, new SubOrderMoved(now, SellerOrderStatus.Cancelled, cancel.Reason, null), new ReleaseAndRestockEffect()),
            _ => throw new ConflictException($"Sub-order {state.SellerOrderId} is {state.Status}; only a sub-order awaiting shipment can be cancelled."),
        },
        ParcelHandedOver handedOver when IsOurs(state, handedOver.ShipmentId) && state.Status == SellerOrderStatus.AwaitingShipment =>
            Move(state, null, new SubOrderMoved(now, SellerOrderStatus.Shipped,
                handedOver.TrackingNumber is null ? null : $"tracking {handedOver.TrackingNumber}", handedOver.TrackingNumber), null),
        ParcelDelivered delivered when IsOurs(state, delivered.ShipmentId) && InTransit(state) =>
            Move(state, null, new SubOrderMoved(now, SellerOrderStatus.Delivered, $"delivered at {delivered.DeliveredAt:u}", state.TrackingNumber), new CaptureEffect()),
        ParcelFailed failed when IsOurs(state, failed.ShipmentId) && InTransit(state) =>
            Move(state, null, new SubOrderMoved(now, SellerOrderStatus.DeliveryFailed, failed.Reason, state.TrackingNumber), new ReleaseAndRestockEffect()),
        _ => Decision.None,
    };

    public static SellerOrderState Apply(SellerOrderState state, SellerOrderEvent change)
    {
        switch (change)
        {
            case SubOrderOpened opened:
                var order = opened.Order;
                state.SellerOrderId = opened.SellerOrderId;
                state.OrderId = order.OrderId;
                state.SellerId = order.SellerId;
                state.ShopperId = order.ShopperId;
                state.PaymentId = order.PaymentId;
                state.Lines = order.Lines.ToList();
                state.Currency = order.Currency;
                state.Address = order.Address;
                state.PlacedAt = order.PlacedAt;
                state.PromoCode = order.PromoCode;
                state.ShipmentId = OrderIds.Shipment(opened.SellerOrderId);
                break;
            case SubOrderMoved moved:
                state.Status = moved.Status;
                state.TrackingNumber = moved.TrackingNumber;
                state.History.Add(new StatusChange(moved.Status.ToString(), moved.At, moved.Note));
                break;
        }
        return state;
    }

    /// <summary>Whether a report about <paramref name="shipmentId"/> is about this sub-order's parcel.</summary>
    public static bool IsOurs(SellerOrderState state, Guid shipmentId) => state.IsOpen && shipmentId == state.ShipmentId;

    private static bool InTransit(SellerOrderState state) => state.Status is SellerOrderStatus.AwaitingShipment or SellerOrderStatus.Shipped;

    private static Decision Move(SellerOrderState state, SubOrderOpened? opened, SubOrderMoved moved, IAggregateEffect? effect)
    {
        var sellerOrderId = opened?.SellerOrderId ?? state.SellerOrderId;
        var orderId = opened?.Order.OrderId ?? state.OrderId;
        var sellerId = opened?.Order.SellerId ?? state.SellerId;
        var lines = opened?.Order.Lines ?? state.Lines;
        var changed = new SellerOrderStatusChanged(sellerOrderId, orderId, sellerId, moved.Status, moved.Note,
            opened?.Order.Currency ?? state.Currency, PriceBreakdown.Of(lines), opened is null ? state.PromoCode : opened.Order.PromoCode);
        return new Decision(opened is null ? [moved] : [opened, moved], [changed], effect is null ? [] : [effect]);
    }
}
