using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Core;

/// <summary>
/// One fact about a shipment, as <see cref="ShipmentDecider"/> decides it and <see cref="ShipmentEvolution"/> folds it
/// into the state. These are the aggregate's own events: finer than the ones it publishes (which say what others need
/// to know), they say everything the state remembers, such as an update id or a carrier sequence already seen.
/// </summary>
public abstract record ShipmentChange
{
    /// <summary>The shipment exists, in status Created.</summary>
    public sealed record Opened(CreateShipment Order, DateTimeOffset At) : ShipmentChange;

    /// <summary>A new status, with the step's own time (a carrier's event time) and who reported it.</summary>
    public sealed record Moved(ShipmentStatus To, DateTimeOffset At, string? Location, string Source, string? Note) : ShipmentChange;

    /// <summary>A sign of life at <paramref name="At"/>: the update deadline restarts and an overdue alert clears.</summary>
    public sealed record Touched(DateTimeOffset At) : ShipmentChange;

    /// <summary>The seller chose who takes the parcel; with the carrier, its registration is pending.</summary>
    public sealed record ChannelChosen(DeliveryChannel Channel) : ShipmentChange;

    public sealed record CourierChosen(Guid CourierId) : ShipmentChange;

    /// <summary>A courier update id was used, for this status.</summary>
    public sealed record CourierStepRecorded(string UpdateId, ShipmentStatus Status) : ShipmentChange;

    /// <summary>A carrier event id and sequence were seen.</summary>
    public sealed record CarrierEventSeen(Guid EventId, long Sequence) : ShipmentChange;

    /// <summary>A step the shipment had already passed, reported late: it joins the history in time order.</summary>
    public sealed record LateStepInserted(ShipmentStatusEntry Entry) : ShipmentChange;

    /// <summary>The carrier's tracking number is known; the registration is complete.</summary>
    public sealed record TrackingNumberAdopted(string TrackingNumber) : ShipmentChange;

    public sealed record OverdueFlagged(DateTimeOffset At) : ShipmentChange;
}
