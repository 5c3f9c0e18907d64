using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Logistics;
using Marketplace.Logistics.Events;

namespace Marketplace.Grains.Logistics.Core;

/// <summary>
/// What a command decided: the changes to fold into the state, the events to publish and the effects to carry out,
/// all written in one write by the shell. No changes means nothing to write (a repeat, a duplicate).
/// </summary>
/// <param name="CarrierEventToConfirm">
/// A carrier callback that moves money or names our tracking number for the first time: the shell must find it in the
/// carrier's own records before it writes anything (a callback signed with a leaked secret cannot make one up).
/// </param>
/// <param name="CarrierOutcome">What became of a carrier callback.</param>
public sealed record ShipmentDecision(
    IReadOnlyList<ShipmentChange> Changes,
    IReadOnlyList<IDomainEvent> Events,
    IReadOnlyList<IAggregateEffect> Effects,
    CarrierUpdate? CarrierEventToConfirm = null,
    CarrierUpdateOutcome? CarrierOutcome = null)
{
    public static ShipmentDecision Nothing { get; } = new([], [], []);

    public bool ChangesNothing => Changes.Count == 0;
}

/// <summary>
/// Collects a decision while keeping the state it leads to, so that each step decides on what the steps before it
/// changed (a move reports the status it leaves).
/// </summary>
internal sealed class ShipmentDecisionBuilder(ShipmentState state)
{
    private readonly List<ShipmentChange> _changes = [];
    private readonly List<IDomainEvent> _events = [];
    private readonly List<IAggregateEffect> _effects = [];

    public ShipmentState State { get; private set; } = state;

    public CreateShipment Order => State.Order ?? throw new InvalidOperationException("The shipment is not open.");

    public CarrierUpdate? CarrierEventToConfirm { get; set; }

    public CarrierUpdateOutcome? CarrierOutcome { get; set; }

    public void Add(ShipmentChange change)
    {
        _changes.Add(change);
        State = ShipmentEvolution.Apply(State, change);
    }

    public void Publish(IDomainEvent domainEvent) => _events.Add(domainEvent);

    public void Enqueue(IAggregateEffect effect) => _effects.Add(effect);

    /// <summary>
    /// A status change and what hangs on it: a delivery captures the payment, a failure refunds it (callbacks to
    /// ordering), a cancellation came from ordering and tells it nothing.
    /// </summary>
    public void Move(Guid shipmentId, ShipmentStatus to, DateTimeOffset at, string? location, string source, string? note, DateTimeOffset now)
    {
        var from = State.Status;
        Add(new ShipmentChange.Moved(to, at, location, source, note));
        Add(new ShipmentChange.Touched(now));
        Publish(new ShipmentStatusChanged(shipmentId, from, to, at, location, source));
        switch (to)
        {
            case ShipmentStatus.PickedUp when Order.Return is { Channel: DeliveryChannel.Courier }:
                // A return's courier parcel has left the shopper once it is collected (a carrier's, once it is registered).
                Enqueue(new OrderingCallback(OrderingCallbackKind.HandedOver, null, at, null));
                break;
            case ShipmentStatus.Delivered:
                Enqueue(new OrderingCallback(OrderingCallbackKind.Delivered, null, at, null));
                Publish(new ShipmentDelivered(shipmentId, Order.OrderId, Order.SellerOrderId, at));
                break;
            case ShipmentStatus.DeliveryFailed:
                var reason = State.FailureReason ?? ShipmentDecider.DefaultFailureReason;
                Enqueue(new OrderingCallback(OrderingCallbackKind.Failed, null, at, reason));
                Publish(new ShipmentFailed(shipmentId, Order.OrderId, Order.SellerOrderId, reason));
                break;
            case ShipmentStatus.Cancelled:
                Publish(new ShipmentCancelled(shipmentId, Order.OrderId, Order.SellerOrderId, note ?? "Cancelled."));
                break;
        }
    }

    /// <summary>The carrier's tracking number is ours now; ordering learns that the parcel left with it.</summary>
    public void AdoptTrackingNumber(Guid shipmentId, string trackingNumber, DateTimeOffset now)
    {
        Add(new ShipmentChange.TrackingNumberAdopted(trackingNumber));
        Enqueue(new OrderingCallback(OrderingCallbackKind.HandedOver, trackingNumber, now, null));
        Publish(new ShipmentRegisteredWithCarrier(shipmentId, trackingNumber));
    }

    public ShipmentDecision Build() => new(_changes, _events, _effects, CarrierEventToConfirm, CarrierOutcome);
}
