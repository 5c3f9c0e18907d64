using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Returns;

namespace Marketplace.Grains.Logistics;

/// <summary>
/// The saga's way back into ordering (payment capture on delivery, refund and restock on failure), and a return
/// parcel's way back to its return. A seam of its own so grain tests can observe the calls without the ordering grains.
/// </summary>
public interface IOrderingCallbacks
{
    Task HandedOver(Guid sellerOrderId, Guid shipmentId, string? trackingNumber);
    Task Delivered(Guid sellerOrderId, Guid shipmentId, DateTimeOffset deliveredAt);
    Task Failed(Guid sellerOrderId, Guid shipmentId, string reason);

    /// <summary>What happened to a return's parcel, told to the return.</summary>
    Task ReturnParcel(Guid returnId, Guid shipmentId, OrderingCallback callback);
}

public static class OrderingCallbacks
{
    /// <summary>Makes the call an outbox callback of the shipment stands for: to its sub-order, or to its return for a return parcel.</summary>
    public static Task Send(this IOrderingCallbacks ordering, CreateShipment parcel, Guid shipmentId, OrderingCallback callback) => (parcel.Return, callback.Kind) switch
    {
        ({ } returned, _) => ordering.ReturnParcel(returned.ReturnId, shipmentId, callback),
        (_, OrderingCallbackKind.HandedOver) => ordering.HandedOver(parcel.SellerOrderId, shipmentId, callback.TrackingNumber),
        (_, OrderingCallbackKind.Delivered) => ordering.Delivered(parcel.SellerOrderId, shipmentId, callback.At),
        _ => ordering.Failed(parcel.SellerOrderId, shipmentId, FailureReason(callback)),
    };

    public static string FailureReason(OrderingCallback callback) => callback.Reason ?? Core.ShipmentDecider.DefaultFailureReason;
}

internal sealed class GrainOrderingCallbacks(IGrainFactory grains) : IOrderingCallbacks
{
    public Task HandedOver(Guid sellerOrderId, Guid shipmentId, string? trackingNumber) =>
        grains.GetGrain<ISellerOrderShipmentCallbacks>(sellerOrderId).OnShipmentHandedOver(shipmentId, trackingNumber);

    public Task Delivered(Guid sellerOrderId, Guid shipmentId, DateTimeOffset deliveredAt) =>
        grains.GetGrain<ISellerOrderShipmentCallbacks>(sellerOrderId).OnShipmentDelivered(shipmentId, deliveredAt);

    public Task Failed(Guid sellerOrderId, Guid shipmentId, string reason) =>
        grains.GetGrain<ISellerOrderShipmentCallbacks>(sellerOrderId).OnShipmentFailed(shipmentId, reason);

    public Task ReturnParcel(Guid returnId, Guid shipmentId, OrderingCallback callback)
    {
        var returned = grains.GetGrain<IReturnGrain>(returnId);
        return callback.Kind switch
        {
            OrderingCallbackKind.HandedOver => returned.OnParcelHandedOver(shipmentId, callback.TrackingNumber),
            OrderingCallbackKind.Delivered => returned.OnParcelDelivered(shipmentId, callback.At),
            _ => returned.OnParcelFailed(shipmentId, OrderingCallbacks.FailureReason(callback)),
        };
    }
}
