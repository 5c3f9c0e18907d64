using System.Text.Json.Serialization;

namespace Marketplace.Logistics;

[JsonConverter(typeof(JsonStringEnumConverter<ShipmentStatus>))]
public enum ShipmentStatus
{
    Created,
    Packed,
    HandedOver,
    PickedUp,
    InTransit,
    OutForDelivery,
    Delivered,
    DeliveryFailed,
    Cancelled,
}

/// <summary>Who takes the parcel from the seller: our own couriers or the external carrier.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryChannel>))]
public enum DeliveryChannel
{
    Courier,
    Carrier,
}

[JsonConverter(typeof(JsonStringEnumConverter<ShipmentParty>))]
public enum ShipmentParty
{
    Seller,
    Shopper,
    Courier,
}

[JsonConverter(typeof(JsonStringEnumConverter<CarrierRegistrationStatus>))]
public enum CarrierRegistrationStatus
{
    /// <summary>The carrier has not confirmed the shipment yet (it may be down); a reminder keeps retrying.</summary>
    Pending,
    Registered,
}

[GenerateSerializer, Immutable]
public sealed record HandOverShipment(
    [property: Id(0)] DeliveryChannel Channel,
    [property: Id(1)] string? Location);

/// <summary>One step reported by a courier; <see cref="UpdateId"/> is chosen by the courier's app and makes retries safe.</summary>
[GenerateSerializer, Immutable]
public sealed record CourierUpdate(
    [property: Id(0)] string UpdateId,
    [property: Id(1)] ShipmentStatus Status,
    [property: Id(2)] string? Location,
    [property: Id(3)] string? Reason);

/// <summary>
/// One status callback of the external carrier; <see cref="Sequence"/> grows with each event of a tracking number and
/// <see cref="EventId"/> names the event, however often it is delivered.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CarrierUpdate(
    [property: Id(0)] string TrackingNumber,
    [property: Id(1)] long Sequence,
    [property: Id(2)] ShipmentStatus Status,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] string? Location,
    [property: Id(5)] string? Reason,
    [property: Id(6)] Guid EventId);

[JsonConverter(typeof(JsonStringEnumConverter<CarrierUpdateOutcome>))]
public enum CarrierUpdateOutcome
{
    Applied,

    /// <summary>This event id or sequence number was seen before.</summary>
    Duplicate,

    /// <summary>A newer event already moved the shipment further; the late event only joins the history.</summary>
    Stale,
}

[GenerateSerializer, Immutable]
public sealed record CarrierUpdateResult(
    [property: Id(0)] CarrierUpdateOutcome Outcome,
    [property: Id(1)] ShipmentStatus Status);

[GenerateSerializer, Immutable]
public sealed record ShipmentStatusEntry(
    [property: Id(0)] ShipmentStatus Status,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? Location,
    [property: Id(3)] string Source,
    [property: Id(4)] string? Note);

[GenerateSerializer, Immutable]
public sealed record ShipmentView(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] Guid ShopperId,
    [property: Id(5)] ShipmentStatus Status,
    [property: Id(6)] DeliveryChannel? Channel,
    [property: Id(7)] Guid? CourierId,
    [property: Id(8)] string? TrackingNumber,
    [property: Id(9)] CarrierRegistrationStatus? CarrierRegistration,
    [property: Id(10)] string? FailureReason,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset LastUpdateAt,
    [property: Id(13)] DateTimeOffset? OverdueSince,
    [property: Id(14)] IReadOnlyList<ShipmentItem> Items,
    [property: Id(15)] DeliveryAddress Address,
    [property: Id(16)] IReadOnlyList<ShipmentStatusEntry> History,
    [property: Id(17)] long Version,
    [property: Id(18)] ReturnParcel? Return = null);

[GenerateSerializer, Immutable]
public sealed record ShipmentSummary(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] Guid ShopperId,
    [property: Id(5)] ShipmentStatus Status,
    [property: Id(6)] Guid? CourierId,
    [property: Id(7)] string? TrackingNumber,
    [property: Id(8)] string City,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset LastUpdateAt,
    [property: Id(11)] DateTimeOffset? OverdueSince);

