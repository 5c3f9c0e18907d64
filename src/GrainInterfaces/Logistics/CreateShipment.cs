namespace Marketplace.Logistics;

/// <summary>
/// Sent by ordering when a seller's sub-order is paid; the shipment grain's key is <see cref="ShipmentId"/>. A return's
/// parcel (<see cref="Return"/> set) travels the other way: from the shopper at <see cref="Address"/> back to the seller.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CreateShipment(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] Guid ShopperId,
    [property: Id(5)] IReadOnlyList<ShipmentItem> Items,
    [property: Id(6)] DeliveryAddress Address,
    [property: Id(7)] ReturnParcel? Return = null);

/// <summary>
/// What makes a shipment a return's parcel: the return it reports to, and how it leaves the shopper (a courier collects
/// it, or the shopper drops it at the carrier). The shopper hands it over at its creation; there is nothing to pack.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReturnParcel(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] DeliveryChannel Channel);

[GenerateSerializer, Immutable]
public sealed record ShipmentItem(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] string Title,
    [property: Id(3)] int Quantity);

[GenerateSerializer, Immutable]
public sealed record DeliveryAddress(
    [property: Id(0)] string Recipient,
    [property: Id(1)] string Line1,
    [property: Id(2)] string? Line2,
    [property: Id(3)] string City,
    [property: Id(4)] string PostalCode,
    [property: Id(5)] string Country,
    [property: Id(6)] string? Phone);
