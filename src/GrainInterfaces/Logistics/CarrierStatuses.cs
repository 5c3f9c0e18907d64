namespace Marketplace.Logistics;

/// <summary>The carrier's status words (its callbacks and tracking API) and the shipment statuses they mean.</summary>
public static class CarrierStatuses
{
    private static readonly IReadOnlyDictionary<string, ShipmentStatus> ByName = new Dictionary<string, ShipmentStatus>(StringComparer.Ordinal)
    {
        ["picked_up"] = ShipmentStatus.PickedUp,
        ["in_transit"] = ShipmentStatus.InTransit,
        ["out_for_delivery"] = ShipmentStatus.OutForDelivery,
        ["delivered"] = ShipmentStatus.Delivered,
        ["delivery_failed"] = ShipmentStatus.DeliveryFailed,
    };

    public static bool TryParse(string? name, out ShipmentStatus status) => ByName.TryGetValue(name ?? "", out status);
}
