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

/// <summary>Lists of shipment summaries, one per party (key: <see cref="ShipmentIndexKey"/>), newest first.</summary>
public interface IShipmentIndexGrain : IGrainWithStringKey
{
    Task Upsert(ShipmentSummary summary);
    Task Remove(Guid shipmentId);
    Task<PagedList<ShipmentSummary>> List(int page, int pageSize);
}

public static class ShipmentIndexKey
{
    public static string Courier(Guid courierId) => $"courier/{courierId:N}";
    public static string Seller(Guid sellerId) => $"seller/{sellerId:N}";
    public static string Shopper(Guid shopperId) => $"shopper/{shopperId:N}";

    /// <summary>Keyed by shopper too, so a shopper asking for somebody else's order reads an empty list.</summary>
    public static string ShopperOrder(Guid shopperId, Guid orderId) => $"order/{shopperId:N}/{orderId:N}";

    /// <summary>Shipments whose deadline passed without an update: the operators' alert list.</summary>
    public const string Overdue = "overdue";

    /// <summary>Shipments handed to the courier service that no courier has yet: the dispatchers' queue.</summary>
    public const string AwaitingCourier = "awaiting-courier";
}
