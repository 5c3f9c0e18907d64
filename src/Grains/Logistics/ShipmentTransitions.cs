using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics;

/// <summary>Which way a shipment may move. Statuses only ever go forward; both outcomes are final.</summary>
internal static class ShipmentTransitions
{
    private static readonly IReadOnlyDictionary<ShipmentStatus, ShipmentStatus[]> CourierSteps = new Dictionary<ShipmentStatus, ShipmentStatus[]>
    {
        [ShipmentStatus.HandedOver] = [ShipmentStatus.PickedUp],
        [ShipmentStatus.PickedUp] = [ShipmentStatus.InTransit, ShipmentStatus.DeliveryFailed],
        [ShipmentStatus.InTransit] = [ShipmentStatus.OutForDelivery, ShipmentStatus.DeliveryFailed],
        [ShipmentStatus.OutForDelivery] = [ShipmentStatus.Delivered, ShipmentStatus.DeliveryFailed],
    };

    public static bool IsFinal(this ShipmentStatus status) => status is ShipmentStatus.Delivered or ShipmentStatus.DeliveryFailed;

    /// <summary>How far along the way a status is; both outcomes rank last.</summary>
    public static int Rank(this ShipmentStatus status) => status switch
    {
        ShipmentStatus.DeliveryFailed => (int)ShipmentStatus.Delivered,
        _ => (int)status,
    };

    public static IReadOnlyList<ShipmentStatus> CourierNextSteps(this ShipmentStatus status) =>
        CourierSteps.TryGetValue(status, out var next) ? next : [];

    /// <summary>The statuses a carrier callback may report; the seller's own steps come from the seller only.</summary>
    public static bool IsCarrierReportable(this ShipmentStatus status) => status.Rank() > ShipmentStatus.HandedOver.Rank();
}
