using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Core;

/// <summary>Which way a shipment may move. Statuses only ever go forward; the outcomes (delivered, failed, cancelled) are final.</summary>
public static class ShipmentTransitions
{
    private static readonly IReadOnlyDictionary<ShipmentStatus, ShipmentStatus[]> CourierSteps = new Dictionary<ShipmentStatus, ShipmentStatus[]>
    {
        [ShipmentStatus.HandedOver] = [ShipmentStatus.PickedUp],
        [ShipmentStatus.PickedUp] = [ShipmentStatus.InTransit, ShipmentStatus.DeliveryFailed],
        [ShipmentStatus.InTransit] = [ShipmentStatus.OutForDelivery, ShipmentStatus.DeliveryFailed],
        [ShipmentStatus.OutForDelivery] = [ShipmentStatus.Delivered, ShipmentStatus.DeliveryFailed],
    };

    public static bool IsFinal(this ShipmentStatus status) => status is ShipmentStatus.Delivered or ShipmentStatus.DeliveryFailed or ShipmentStatus.Cancelled;

    /// <summary>How far along the way a status is; every outcome ranks last.</summary>
    public static int Rank(this ShipmentStatus status) => status switch
    {
        ShipmentStatus.DeliveryFailed or ShipmentStatus.Cancelled => (int)ShipmentStatus.Delivered,
        _ => (int)status,
    };

    public static IReadOnlyList<ShipmentStatus> CourierNextSteps(this ShipmentStatus status) =>
        CourierSteps.TryGetValue(status, out var next) ? next : [];

    /// <summary>The statuses a carrier callback may report: the seller's own steps come from the seller, a cancellation from ordering.</summary>
    public static bool IsCarrierReportable(this ShipmentStatus status) =>
        status != ShipmentStatus.Cancelled && status.Rank() > ShipmentStatus.HandedOver.Rank();
}
