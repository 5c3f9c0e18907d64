using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Carrier;

/// <summary>The external carrier's API as the shipment grain needs it.</summary>
public interface ICarrierClient
{
    /// <summary>
    /// Registers the parcel under our shipment id and returns the carrier's tracking number. The carrier dedupes on the
    /// shipment id, so calling it again after a lost answer returns the same number. Throws when the carrier is unreachable.
    /// </summary>
    Task<string> Register(Guid shipmentId, DeliveryAddress address, IReadOnlyList<ShipmentItem> items, CancellationToken cancellationToken);
}
