using System.Text.Json.Serialization;
using Marketplace.Common;

namespace Marketplace.Logistics;

/// <summary>
/// The shipment lists, read from their projection table (docs/logistics.md). A stateless worker: use key 0.
/// <c>after</c> is a page's <see cref="PagedList{T}.Next"/> (keyset paging).
/// </summary>
public interface IShipmentListsGrain : IGrainWithIntegerKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<ShipmentSummary>> Page(ShipmentList list, int page, int pageSize, string? after = null);
}

[JsonConverter(typeof(JsonStringEnumConverter<ShipmentListKind>))]
public enum ShipmentListKind
{
    /// <summary>A seller's shipments, newest first.</summary>
    Seller,

    /// <summary>A shopper's shipments, newest first.</summary>
    Shopper,

    /// <summary>The shipments of one of a shopper's orders, newest first: another shopper's order id lists nothing.</summary>
    ShopperOrder,

    /// <summary>The shipments assigned to a courier, newest first.</summary>
    Courier,

    /// <summary>The dispatchers' queue: handed to the courier service with no courier yet, longest waiting first.</summary>
    AwaitingCourier,

    /// <summary>The operators' alert list: on their way with no update within the deadline, longest overdue first.</summary>
    Overdue,
}

/// <summary>Which shipment list to read; build one with the factory methods.</summary>
[GenerateSerializer, Immutable]
public sealed record ShipmentList(
    [property: Id(0)] ShipmentListKind Kind,
    [property: Id(1)] Guid PartyId = default,
    [property: Id(2)] Guid OrderId = default)
{
    public static ShipmentList Seller(Guid sellerId) => new(ShipmentListKind.Seller, sellerId);

    public static ShipmentList Shopper(Guid shopperId) => new(ShipmentListKind.Shopper, shopperId);

    public static ShipmentList ShopperOrder(Guid shopperId, Guid orderId) => new(ShipmentListKind.ShopperOrder, shopperId, orderId);

    public static ShipmentList Courier(Guid courierId) => new(ShipmentListKind.Courier, courierId);

    public static ShipmentList AwaitingCourier { get; } = new(ShipmentListKind.AwaitingCourier);

    public static ShipmentList Overdue { get; } = new(ShipmentListKind.Overdue);
}
