using Marketplace.Common;
using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Lists;

/// <summary>
/// One shipment's row in the lists: its summary, since when it waits for a courier (null unless it does), when its
/// update deadline falls (null at its outcome) and the shipment's version it shows (the count of its writes).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShipmentListRow(
    [property: Id(0)] ShipmentSummary Summary,
    [property: Id(1)] DateTimeOffset? AwaitingCourierSince,
    [property: Id(2)] DateTimeOffset? DueAt,
    [property: Id(3)] long Version)
{
    /// <summary>The row of a shipment as it is now.</summary>
    public static ShipmentListRow Of(ShipmentView shipment, TimeSpan updateDeadline)
    {
        var summary = new ShipmentSummary(shipment.ShipmentId, shipment.OrderId, shipment.SellerOrderId, shipment.SellerId, shipment.ShopperId,
            shipment.Status, shipment.CourierId, shipment.TrackingNumber, shipment.Address.City, shipment.CreatedAt, shipment.LastUpdateAt,
            shipment.OverdueSince);
        var awaiting = shipment is { Status: ShipmentStatus.HandedOver, Channel: DeliveryChannel.Courier, CourierId: null }
            ? shipment.History.Last(h => h.Status == ShipmentStatus.HandedOver).At
            : (DateTimeOffset?)null;
        var due = Core.ShipmentTransitions.IsFinal(shipment.Status) ? (DateTimeOffset?)null : shipment.LastUpdateAt + updateDeadline;
        return new ShipmentListRow(summary, awaiting, due, shipment.Version);
    }

    /// <summary>Whether the row belongs on <paramref name="list"/> at <paramref name="now"/>.</summary>
    public bool IsOn(ShipmentList list, DateTimeOffset now) => list.Kind switch
    {
        ShipmentListKind.Seller => Summary.SellerId == list.PartyId,
        ShipmentListKind.Shopper => Summary.ShopperId == list.PartyId,
        ShipmentListKind.ShopperOrder => Summary.ShopperId == list.PartyId && Summary.OrderId == list.OrderId,
        ShipmentListKind.Courier => Summary.CourierId == list.PartyId,
        ShipmentListKind.AwaitingCourier => AwaitingCourierSince is not null,
        ShipmentListKind.Overdue => DueAt <= now,
        _ => false,
    };

    /// <summary>Where the row sorts on <paramref name="list"/>: its creation for the parties' lists, else the queue's own time.</summary>
    public ShipmentListPosition PositionOn(ShipmentList list) => new(list.Kind switch
    {
        ShipmentListKind.AwaitingCourier => AwaitingCourierSince!.Value.UtcTicks,
        ShipmentListKind.Overdue => DueAt!.Value.UtcTicks,
        _ => Summary.CreatedAt.UtcTicks,
    }, Summary.ShipmentId);
}

/// <summary>Where a keyset page of a shipment list resumes: the last row's sort time (UTC ticks) and id.</summary>
public sealed record ShipmentListPosition(long At, Guid Id);

public static class ShipmentListOrder
{
    /// <summary>The parties' lists show the newest first; the queues, the longest waiting first.</summary>
    public static bool NewestFirst(this ShipmentList list) => list.Kind is not (ShipmentListKind.AwaitingCourier or ShipmentListKind.Overdue);
}

/// <summary>
/// The shipment lists' projection table (migration 0820). A row is written only from a newer version than the stored
/// one, so redelivered and reordered events change nothing; a repair may also rewrite a row of the same version.
/// </summary>
public interface IShipmentListStore
{
    Task<bool> ApplyAsync(ShipmentListRow row, bool replaceSameVersion, CancellationToken cancellationToken);

    Task<ShipmentListRow?> FindAsync(Guid shipmentId, CancellationToken cancellationToken);

    Task RemoveAsync(Guid shipmentId, CancellationToken cancellationToken);

    /// <summary>One page of <paramref name="list"/>; the overdue list holds what is due at <paramref name="now"/>.</summary>
    Task<PagedList<ShipmentSummary>> PageAsync(ShipmentList list, DateTimeOffset now, int page, int pageSize, string? after,
        CancellationToken cancellationToken);

    IAsyncEnumerable<Guid> IdsAsync(CancellationToken cancellationToken);

    Task ClearAsync(CancellationToken cancellationToken);
}
