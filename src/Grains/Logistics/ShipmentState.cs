using Marketplace.Grains.Common;
using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics;

[GenerateSerializer]
public sealed class ShipmentState
{
    /// <summary>What ordering sent; null until the shipment is created.</summary>
    [Id(0)] public CreateShipment? Order { get; set; }
    [Id(1)] public ShipmentStatus Status { get; set; }
    [Id(2)] public DeliveryChannel? Channel { get; set; }
    [Id(3)] public Guid? CourierId { get; set; }
    [Id(4)] public string? TrackingNumber { get; set; }
    [Id(5)] public CarrierRegistrationStatus? CarrierRegistration { get; set; }
    [Id(6)] public string? FailureReason { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset LastUpdateAt { get; set; }
    [Id(9)] public DateTimeOffset? OverdueSince { get; set; }
    [Id(10)] public List<ShipmentStatusEntry> History { get; set; } = [];
    [Id(11)] public long Version { get; set; }

    /// <summary>Courier update ids already applied, with the status each asked for.</summary>
    [Id(12)] public Dictionary<string, ShipmentStatus> CourierUpdates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Carrier callback sequence numbers already seen.</summary>
    [Id(13)] public HashSet<long> CarrierSequences { get; set; } = [];
    [Id(14)] public long LastCarrierSequence { get; set; }

    /// <summary>Events, the carrier registration and the callbacks to ordering not yet delivered.</summary>
    [Id(16)] public EventOutbox Outbox { get; set; } = new();

    /// <summary>Carrier event ids already applied: a redelivered event is dropped whatever else its callback says.</summary>
    [Id(17)] public HashSet<Guid> CarrierEventIds { get; set; } = [];
}

[GenerateSerializer]
public enum OrderingCallbackKind
{
    HandedOver,
    Delivered,
    Failed,
}

/// <summary>Register the parcel with the external carrier; its answer is the tracking number.</summary>
[GenerateSerializer, Immutable]
public sealed record RegisterWithCarrierEffect : IAggregateEffect;

/// <summary>Tell the sub-order what happened to its parcel.</summary>
[GenerateSerializer, Immutable]
public sealed record OrderingCallback(
    [property: Id(0)] OrderingCallbackKind Kind,
    [property: Id(1)] string? TrackingNumber,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Reason) : IAggregateEffect;
