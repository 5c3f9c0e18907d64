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
/// token of the shopper's card. <paramref name="PromoCode"/> is the platform promo code to redeem (a cart's own code
/// when ordering the cart); the order prices it again and refuses (409) a code that does not apply.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PlaceOrder(
    [property: Id(0)] Guid ShopperId,
    [property: Id(1)] string RequestHash,
    [property: Id(2)] IReadOnlyList<OrderLineRequest> Lines,
    [property: Id(3)] DeliveryAddress Address,
    [property: Id(4)] string PaymentMethod,
    [property: Id(5)] string? CartKey = null,
    [property: Id(6)] string? PromoCode = null);

/// <summary>
/// One ordered item and its price breakdown. <paramref name="UnitPrice"/> is the seller's price of one unit at checkout
/// (its sale price while a sale runs), <paramref name="ListPrice"/> the list (old) price of one unit, and
/// <paramref name="PromoDiscount"/> the line's share of the platform's promo code, for the whole line. A line stored
/// before sales and codes existed has a list price of 0 and is read as sold at its list price.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OrderLine(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] string Title,
    [property: Id(4)] decimal UnitPrice,
    [property: Id(5)] int Quantity,
    [property: Id(6)] decimal ListPrice = 0,
    [property: Id(7)] decimal PromoDiscount = 0)
{
    /// <summary>The line at the seller's price: what the shopper pays plus the platform-funded discount (the seller's revenue before commission).</summary>
    public decimal Gross => UnitPrice * Quantity;

    /// <summary>What the seller's sale takes off the list price, for the whole line; funded by the seller.</summary>
    public decimal SellerDiscount => ListPrice > UnitPrice ? (ListPrice - UnitPrice) * Quantity : 0;

    public decimal ListTotal => Gross + SellerDiscount;

    /// <summary>What the shopper pays for the line: authorised at checkout, captured on delivery, refundable.</summary>
    public decimal Subtotal => Gross - PromoDiscount;

    /// <summary>The price the shopper paid for one unit, to the minor unit (a return of some units refunds these).</summary>
    public decimal PaidUnitPrice => decimal.Round(Subtotal / Quantity, 2, MidpointRounding.ToZero);
}

/// <summary>
/// The money of an order or sub-order: <paramref name="ListTotal"/> at list prices, less the seller-funded
/// <paramref name="SellerDiscount"/> (sales) and the platform-funded <paramref name="PromoDiscount"/> (promo codes), is
/// <paramref name="Paid"/>, what the shopper pays. The seller is owed <see cref="SellerRevenue"/> before commission.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PriceBreakdown(
    [property: Id(0)] decimal ListTotal,
    [property: Id(1)] decimal SellerDiscount,
    [property: Id(2)] decimal PromoDiscount,
    [property: Id(3)] decimal Paid)
{
    public decimal SellerRevenue => Paid + PromoDiscount;

    public static PriceBreakdown Of(IEnumerable<OrderLine> lines)
    {
        decimal list = 0, seller = 0, promo = 0, paid = 0;
        foreach (var line in lines)
        {
            list += line.ListTotal;
            seller += line.SellerDiscount;
            promo += line.PromoDiscount;
            paid += line.Subtotal;
        }
        return new PriceBreakdown(list, seller, promo, paid);
    }
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
    [property: Id(12)] CheckoutFailure? Failure = null,
    [property: Id(13)] PriceBreakdown? Breakdown = null,
    [property: Id(14)] string? PromoCode = null);

/// <summary>Why a checkout failed: the public gateway answers an out-of-stock one with 409; metrics and alerts break failures down by it.</summary>
public enum CheckoutFailure
{
    OutOfStock,
    PaymentDeclined,
    PaymentFailed,
    PaymentTimeout,
    PromoCodeRefused,
}

/// <param name="PromoCode">The platform's promo code the order was placed with, whose discount the lines carry; null without one.</param>
[GenerateSerializer, Immutable]
public sealed record OpenSellerOrder(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid SellerId,
    [property: Id(2)] Guid ShopperId,
    [property: Id(3)] Guid PaymentId,
    [property: Id(4)] IReadOnlyList<OrderLine> Lines,
    [property: Id(5)] string Currency,
    [property: Id(6)] DeliveryAddress Address,
    [property: Id(7)] DateTimeOffset PlacedAt,
    [property: Id(8)] string? PromoCode = null);

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
    [property: Id(11)] DateTimeOffset PlacedAt,
    [property: Id(12)] PriceBreakdown Breakdown,
    [property: Id(13)] string? PromoCode);

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

