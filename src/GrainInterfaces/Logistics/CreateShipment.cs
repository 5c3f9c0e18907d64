namespace Marketplace.Logistics;

/// <summary>Sent by ordering when a seller's sub-order is paid; the shipment grain's key is <see cref="ShipmentId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateShipment(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] Guid ShopperId,
    [property: Id(5)] IReadOnlyList<ShipmentItem> Items,
    [property: Id(6)] DeliveryAddress Address);

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
