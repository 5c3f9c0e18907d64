using Marketplace.Ordering;

namespace Marketplace.Grains.Logistics;

/// <summary>
/// The saga's way back into ordering (payment capture on delivery, refund and restock on failure). A seam of its own
/// so grain tests can observe the calls without the ordering grains.
/// </summary>
public interface IOrderingCallbacks
{
    Task HandedOver(Guid sellerOrderId, Guid shipmentId, string? trackingNumber);
    Task Delivered(Guid sellerOrderId, Guid shipmentId, DateTimeOffset deliveredAt);
    Task Failed(Guid sellerOrderId, Guid shipmentId, string reason);
}

public static class OrderingCallbacks
{
    /// <summary>Makes the call an outbox callback of the shipment stands for.</summary>
    public static Task Send(this IOrderingCallbacks ordering, Guid sellerOrderId, Guid shipmentId, OrderingCallback callback) => callback.Kind switch
    {
        OrderingCallbackKind.HandedOver => ordering.HandedOver(sellerOrderId, shipmentId, callback.TrackingNumber),
        OrderingCallbackKind.Delivered => ordering.Delivered(sellerOrderId, shipmentId, callback.At),
        _ => ordering.Failed(sellerOrderId, shipmentId, callback.Reason ?? Core.ShipmentDecider.DefaultFailureReason),
    };
}

internal sealed class GrainOrderingCallbacks(IGrainFactory grains) : IOrderingCallbacks
{
    public Task HandedOver(Guid sellerOrderId, Guid shipmentId, string? trackingNumber) =>
        grains.GetGrain<ISellerOrderShipmentCallbacks>(sellerOrderId).OnShipmentHandedOver(shipmentId, trackingNumber);

    public Task Delivered(Guid sellerOrderId, Guid shipmentId, DateTimeOffset deliveredAt) =>
        grains.GetGrain<ISellerOrderShipmentCallbacks>(sellerOrderId).OnShipmentDelivered(shipmentId, deliveredAt);

    public Task Failed(Guid sellerOrderId, Guid shipmentId, string reason) =>
        grains.GetGrain<ISellerOrderShipmentCallbacks>(sellerOrderId).OnShipmentFailed(shipmentId, reason);
}
