namespace Marketplace.Ordering;

/// <summary>
/// How logistics reports back to ordering about a seller's sub-order (key: the sub-order id). Ordering
/// captures the payment on delivery, and refunds and restocks on a failed delivery or a return.
/// </summary>
public interface ISellerOrderShipmentCallbacks : IGrainWithGuidKey
{
    Task OnShipmentHandedOver(Guid shipmentId, string? trackingNumber);
    Task OnShipmentDelivered(Guid shipmentId, DateTimeOffset deliveredAt);
    Task OnShipmentFailed(Guid shipmentId, string reason);
}
