namespace Marketplace.External.Carrier;

public sealed record RegisterRequest(string Reference, Recipient Recipient, Address Address, IReadOnlyList<Parcel> Parcels);

public sealed record Recipient(string Name, string? Phone);

public sealed record Address(string Line1, string? Line2, string City, string PostalCode, string Country);

public sealed record Parcel(string Sku, string Title, int Quantity);

public sealed record RegisterResponse(string TrackingNumber, string Reference);

public sealed record TrackingView(string TrackingNumber, string Reference, string Status, IReadOnlyList<TrackingEvent> Events);

/// <summary>The body of every status callback; <see cref="Sequence"/> counts the events of one tracking number from 1.</summary>
public sealed record TrackingEvent(
    Guid EventId,
    string TrackingNumber,
    string Reference,
    long Sequence,
    string Status,
    DateTimeOffset OccurredAt,
    string? Location,
    string? Reason);

public sealed record ApiError(string Code, string Message);

/// <summary>The carrier's statuses, as its callbacks spell them.</summary>
public static class CarrierStatus
{
    public const string Registered = "registered";
    public const string PickedUp = "picked_up";
    public const string InTransit = "in_transit";
    public const string OutForDelivery = "out_for_delivery";
    public const string Delivered = "delivered";
    public const string DeliveryFailed = "delivery_failed";
}
