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

    /// <summary>
    /// The event the carrier's own records hold for the parcel under <paramref name="eventId"/>, or null when it holds
    /// none (no such parcel, no such event, or a status we do not know). Throws when the carrier is unreachable.
    /// </summary>
    Task<CarrierEvent?> FindEvent(string trackingNumber, Guid eventId, CancellationToken cancellationToken);
}

/// <summary>What the carrier recorded: the parcel's reference (our shipment id, "N" format), the event's sequence and status.</summary>
public sealed record CarrierEvent(string Reference, long Sequence, ShipmentStatus Status);

public static class CarrierRecords
{
    /// <summary>Whether the carrier's own records hold <paramref name="update"/>: its event id, for our parcel, with the same sequence and status.</summary>
    public static async Task<bool> Holds(this ICarrierClient carrier, Guid shipmentId, CarrierUpdate update, CancellationToken cancellationToken) =>
        await carrier.FindEvent(update.TrackingNumber, update.EventId, cancellationToken) == new CarrierEvent(shipmentId.ToString("N"), update.Sequence, update.Status);
}
