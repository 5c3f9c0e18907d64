using Marketplace.Common;
using Orleans.Concurrency;

namespace Marketplace.Logistics;

/// <summary>
/// One seller sub-order's parcel on its way to the shopper (key: the shipment id). Every party reads it through
/// <see cref="GetFor"/>, which only answers the shipment's own seller, shopper or assigned courier.
/// </summary>
public interface IShipmentGrain : IGrainWithGuidKey
{
    /// <summary>Opens the shipment when the sub-order is paid; calling it again with the same shipment id returns it unchanged.</summary>
    Task<ShipmentView> Create(CreateShipment command);

    /// <summary>
    /// The shipment for in-cluster callers and operators; NotFoundException when it was never created. Reads interleave,
    /// so ordering may read the shipment while handling one of its callbacks.
    /// </summary>
    [AlwaysInterleave]
    Task<ShipmentView> Get();

    /// <summary>The shipment as one of its parties sees it; ForbiddenException for anybody else.</summary>
    [AlwaysInterleave]
    Task<ShipmentView> GetFor(ShipmentParty party, Guid partyId);

    /// <summary>
    /// Ordering withdraws the parcel because its sub-order was cancelled. Only a parcel still with the seller can be
    /// withdrawn (ConflictException once handed over); repeating it is a no-op.
    /// </summary>
    Task<ShipmentView> Cancel(string reason);

    /// <summary>The seller has packed the parcel. Repeating it is a no-op.</summary>
    Task<ShipmentView> MarkPacked(Guid sellerId, string? location);

    /// <summary>
    /// The seller gives the parcel to our courier fleet or to the external carrier. Repeating it with the same
    /// channel is a no-op. With the carrier, registration (and so the tracking number) may complete later:
    /// while the carrier is down it is retried by a reminder.
    /// </summary>
    Task<ShipmentView> HandOver(Guid sellerId, HandOverShipment command);

    /// <summary>A dispatcher gives a courier-channel shipment to a courier (or to another one before pick-up).</summary>
    Task<ShipmentView> AssignCourier(Guid courierId);

    /// <summary>The assigned courier moves the shipment one step; a repeated <see cref="CourierUpdate.UpdateId"/> does nothing twice.</summary>
    Task<ShipmentView> ApplyCourierUpdate(Guid courierId, CourierUpdate update);

    /// <summary>A status callback of the external carrier; duplicates and stale (out-of-order) callbacks never move the shipment back.</summary>
    Task<CarrierUpdateResult> ApplyCarrierUpdate(CarrierUpdate update);
}
