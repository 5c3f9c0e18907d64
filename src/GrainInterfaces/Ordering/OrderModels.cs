using System.Text.Json.Serialization;
using Marketplace.Logistics;

namespace Marketplace.Ordering;

[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    /// <summary>Accepted; stock is being reserved.</summary>
    Placed,

    /// <summary>Stock is held; the payment is being authorised (or retried while the processor is down).</summary>
    AwaitingPayment,

    /// <summary>Paid (the amount is held on the card), stock confirmed, split into sub-orders; money is captured on delivery.</summary>
    Paid,

    /// <summary>The checkout did not go through (<see cref="OrderView.FailureReason"/>); nothing is held.</summary>
    Failed,

    Cancelled,
}

[JsonConverter(typeof(JsonStringEnumConverter<SellerOrderStatus>))]
public enum SellerOrderStatus
{
    /// <summary>Paid; the seller is to pack and hand the parcel over.</summary>
    AwaitingShipment,
    Shipped,

    /// <summary>Delivered: the sub-order's share of the payment is captured.</summary>
    Delivered,

    /// <summary>The delivery failed: the stock is back and the held money is released.</summary>
    DeliveryFailed,
    Cancelled,
}

[GenerateSerializer, Immutable]
public sealed record OrderLineRequest(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] int Quantity);

/// <summary>
/// <paramref name="RequestHash"/> identifies the request behind the idempotency key (the same key with another
/// request is refused). The order is of the cart <paramref name="CartKey"/> (re-priced and emptied once the order is
/// paid) or, without a cart, of <paramref name="Lines"/>. <paramref name="PaymentMethod"/> is the card processor's
/// token of the shopper's card.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PlaceOrder(
    [property: Id(0)] Guid ShopperId,
    [property: Id(1)] string RequestHash,
    [property: Id(2)] IReadOnlyList<OrderLineRequest> Lines,
    [property: Id(3)] DeliveryAddress Address,
    [property: Id(4)] string PaymentMethod,
    [property: Id(5)] string? CartKey = null);

[GenerateSerializer, Immutable]
public sealed record OrderLine(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] string Title,
    [property: Id(4)] decimal UnitPrice,
    [property: Id(5)] int Quantity)
{
    public decimal Subtotal => UnitPrice * Quantity;
}

[GenerateSerializer, Immutable]
public sealed record StatusChange(
    [property: Id(0)] string Status,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? Note);

[GenerateSerializer, Immutable]
public sealed record OrderView(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid ShopperId,
    [property: Id(2)] OrderStatus Status,
    [property: Id(3)] string? FailureReason,
    [property: Id(4)] IReadOnlyList<OrderLine> Lines,
    [property: Id(5)] decimal Total,
    [property: Id(6)] string Currency,
    [property: Id(7)] Guid? PaymentId,
    [property: Id(8)] IReadOnlyList<SellerOrderView> SellerOrders,
    [property: Id(9)] IReadOnlyList<StatusChange> History,
    [property: Id(10)] DateTimeOffset PlacedAt,
    [property: Id(11)] DeliveryAddress Address,
    [property: Id(12)] CheckoutFailure? Failure = null);

/// <summary>Why a checkout failed: the public gateway answers an out-of-stock one with 409; metrics and alerts break failures down by it.</summary>
public enum CheckoutFailure
{
    OutOfStock,
    PaymentDeclined,
    PaymentFailed,
    PaymentTimeout,
}

[GenerateSerializer, Immutable]
public sealed record OpenSellerOrder(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid SellerId,
    [property: Id(2)] Guid ShopperId,
    [property: Id(3)] Guid PaymentId,
    [property: Id(4)] IReadOnlyList<OrderLine> Lines,
    [property: Id(5)] string Currency,
    [property: Id(6)] DeliveryAddress Address,
    [property: Id(7)] DateTimeOffset PlacedAt);

[GenerateSerializer, Immutable]
public sealed record SellerOrderView(
    [property: Id(0)] Guid SellerOrderId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] SellerOrderStatus Status,
    [property: Id(4)] IReadOnlyList<OrderLine> Lines,
    [property: Id(5)] decimal Total,
    [property: Id(6)] string Currency,
    [property: Id(7)] Guid ShipmentId,
    [property: Id(8)] string? TrackingNumber,
    [property: Id(9)] IReadOnlyList<StatusChange> History,
    [property: Id(10)] DeliveryAddress Address,
    [property: Id(11)] DateTimeOffset PlacedAt);

/// <summary>One row of a shopper's or a seller's order list; <paramref name="Id"/> is the order's or the sub-order's id.</summary>
[GenerateSerializer, Immutable]
public sealed record OrderSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] string Status,
    [property: Id(3)] decimal Total,
    [property: Id(4)] string Currency,
    [property: Id(5)] int Items,
    [property: Id(6)] DateTimeOffset PlacedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt);

