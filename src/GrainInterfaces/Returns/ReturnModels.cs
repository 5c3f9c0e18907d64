using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Returns;

/// <summary>Why the shopper sends goods back: defects and wrong items are the seller's to judge, a change of mind follows the category's rule.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReturnReason>))]
public enum ReturnReason
{
    Defective,
    WrongItem,
    NotAsDescribed,
    ChangedMind,
}

/// <summary>How the parcel travels back: a courier collects it from the shopper, or the shopper drops it at the carrier.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReturnMethod>))]
public enum ReturnMethod
{
    CourierPickup,
    CarrierDropOff,
}

[JsonConverter(typeof(JsonStringEnumConverter<ReturnStatus>))]
public enum ReturnStatus
{
    /// <summary>Waiting for the seller, who has until <see cref="ReturnView.SellerDeadline"/>; then it is approved.</summary>
    Requested,

    /// <summary>Accepted; the return parcel is arranged (a courier pick-up or a carrier label).</summary>
    Approved,

    /// <summary>The seller (or an operator, finally) said no; the shopper may dispute a seller's rejection once.</summary>
    Rejected,

    /// <summary>The shopper disputes the seller's rejection; an operator decides.</summary>
    Disputed,

    /// <summary>The parcel is with the courier or the carrier.</summary>
    InTransit,

    /// <summary>Logistics delivered the parcel to the seller; the seller is to confirm its condition.</summary>
    Arrived,

    /// <summary>The seller confirmed receipt and condition; the refund is on its way to the processor.</summary>
    Received,

    Refunded,

    /// <summary>The processor refused the last refund attempt; another one follows after a back-off.</summary>
    RefundFailed,
}

/// <summary>Who decided a return.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReturnDecider>))]
public enum ReturnDecider
{
    Seller,
    Operator,

    /// <summary>The category accepts a change of mind, or the seller's deadline passed.</summary>
    Automatic,
}

[GenerateSerializer, Immutable]
public sealed record ReturnItemRequest(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] int Quantity);

/// <summary>
/// A shopper's request to return <paramref name="Items"/> of one delivered sub-order. <paramref name="RequestHash"/>
/// identifies the request behind its idempotency key: the same key with another request is refused.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RequestReturn(
    [property: Id(0)] Guid ShopperId,
    [property: Id(1)] string RequestHash,
    [property: Id(2)] Guid OrderId,
    [property: Id(3)] Guid SellerOrderId,
    [property: Id(4)] IReadOnlyList<ReturnItemRequest> Items,
    [property: Id(5)] ReturnReason Reason,
    [property: Id(6)] string? Comment,
    [property: Id(7)] ReturnMethod Method);

/// <summary>Units of one sub-order line being returned, at the price the shopper paid.</summary>
[GenerateSerializer, Immutable]
public sealed record ReturnLine(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] string Title,
    [property: Id(3)] decimal UnitPrice,
    [property: Id(4)] int Quantity)
{
    public decimal Subtotal => UnitPrice * Quantity;
}

/// <summary>One step of a return: its status, when, who took it (shopper, seller, operator, logistics, processor, system) and why.</summary>
[GenerateSerializer, Immutable]
public sealed record ReturnStatusEntry(
    [property: Id(0)] ReturnStatus Status,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Note);

/// <summary>A return as its shopper, its seller and operators see it; <see cref="Version"/> is its ETag.</summary>
[GenerateSerializer, Immutable]
public sealed record ReturnView(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] Guid ShopperId,
    [property: Id(5)] ReturnStatus Status,
    [property: Id(6)] ReturnReason Reason,
    [property: Id(7)] string? Comment,
    [property: Id(8)] ReturnMethod Method,
    [property: Id(9)] IReadOnlyList<ReturnLine> Lines,
    [property: Id(10)] decimal Amount,
    [property: Id(11)] string Currency,
    [property: Id(12)] DateTimeOffset RequestedAt,
    [property: Id(13)] DateTimeOffset SellerDeadline,
    [property: Id(14)] Guid? ShipmentId,
    [property: Id(15)] string? TrackingNumber,
    [property: Id(16)] bool? Resellable,
    [property: Id(17)] Guid? RefundId,
    [property: Id(18)] int RefundAttempts,
    [property: Id(19)] string? RefundError,
    [property: Id(20)] IReadOnlyList<ReturnStatusEntry> History,
    [property: Id(21)] long Version);

/// <summary>One row of a shopper's or a seller's return list.</summary>
[GenerateSerializer, Immutable]
public sealed record ReturnSummary(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] Guid ShopperId,
    [property: Id(5)] ReturnStatus Status,
    [property: Id(6)] ReturnReason Reason,
    [property: Id(7)] int Units,
    [property: Id(8)] decimal Amount,
    [property: Id(9)] string Currency,
    [property: Id(10)] DateTimeOffset RequestedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt);

public static class ReturnIds
{
    private static readonly Guid RequestScope = new("2a4f7c1e-93d0-4e1b-8f65-7b3c9d2e5a10");

    /// <summary>The return a request creates: the same shopper and idempotency key always name the same return.</summary>
    public static Guid ForRequest(Guid shopperId, string idempotencyKey) =>
        Common.DeterministicGuid.Create(RequestScope, $"{shopperId:N}/{idempotencyKey}");

    /// <summary>The return's parcel; a parcel that could not be collected is followed by the next attempt's.</summary>
    public static Guid Shipment(Guid returnId, int attempt) => Common.DeterministicGuid.Create(returnId, $"shipment/{attempt}");

    /// <summary>The payment operation of a refund attempt: its id is its idempotency key at the processor.</summary>
    public static Guid Refund(Guid returnId, int attempt) => Common.DeterministicGuid.Create(returnId, $"refund/{attempt}");

    /// <summary>The request's fingerprint behind its idempotency key.</summary>
    public static string Fingerprint(Guid orderId, Guid sellerOrderId, IReadOnlyList<ReturnItemRequest> items, ReturnReason reason, string? comment, ReturnMethod method) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { orderId, sellerOrderId, items, reason, comment, method })));
}
