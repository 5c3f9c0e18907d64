using Marketplace.Grains.Logistics;
using Marketplace.Grains.Logistics.Core;
using Marketplace.Logistics;

namespace Marketplace.Tests.Logistics.Core;

/// <summary>
/// One shipment driven through the pure core, no cluster: commands are built at the story's own clock (a minute per
/// step), <see cref="When"/> decides and folds the decision into the state as the shell does.
/// </summary>
internal sealed class ShipmentStory
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Deadline = TimeSpan.FromHours(24);

    public CreateShipment Order { get; } = ShipmentFactory.NewShipment();
    public Guid Id => Order.ShipmentId;
    public ShipmentState State { get; private set; } = new();
    public DateTimeOffset Now { get; private set; } = Start;
    public string TrackingNumber { get; } = "CR-000001";

    /// <summary>Opened, packed and handed over to our couriers, with <paramref name="courierId"/> assigned unless null.</summary>
    public static ShipmentStory WithCourier(Guid? courierId)
    {
        var story = new ShipmentStory();
        story.When(story.Open());
        story.When(story.Pack());
        story.When(story.HandOver(DeliveryChannel.Courier));
        if (courierId is { } courier)
        {
            story.When(story.Assign(courier));
        }
        return story;
    }

    /// <summary>Opened, packed, handed over to the carrier, and registered with it unless <paramref name="registered"/> is false.</summary>
    public static ShipmentStory WithCarrier(bool registered = true)
    {
        var story = new ShipmentStory();
        story.When(story.Open());
        story.When(story.Pack());
        story.When(story.HandOver(DeliveryChannel.Carrier));
        if (registered)
        {
            story.When(new RecordCarrierRegistration(story.Id, story.Tick(), story.TrackingNumber));
        }
        return story;
    }

    public DateTimeOffset Tick() => Now = Now.AddMinutes(1);

    public ShipmentDecision Decide(ShipmentCommand command) => ShipmentDecider.Decide(State, command);

    public ShipmentDecision When(ShipmentCommand command)
    {
        var decision = Decide(command);
        State = decision.Changes.Aggregate(State, ShipmentEvolution.Apply);
        return decision;
    }

    public OpenShipment Open(CreateShipment? order = null) => new(Id, Tick(), order ?? Order);

    public CancelShipment Cancel() => new(Id, Tick(), "cancelled by the shopper");

    public PackShipment Pack(string? location = "Warehouse 7", Guid? sellerId = null) => new(Id, Tick(), sellerId ?? Order.SellerId, location);

    public HandOverParcel HandOver(DeliveryChannel channel, Guid? sellerId = null) =>
        new(Id, Tick(), sellerId ?? Order.SellerId, new HandOverShipment(channel, "Warehouse 7"));

    public ChooseCourier Assign(Guid courierId) => new(Id, Tick(), courierId);

    public ApplyCourierStep Step(Guid courierId, string updateId, ShipmentStatus status, string? reason = null) =>
        new(Id, Tick(), courierId, new CourierUpdate(updateId, status, $"{status} point", reason));

    /// <summary>A carrier callback of sequence <paramref name="sequence"/>, which happened <paramref name="sequence"/> hours after the start.</summary>
    public ApplyCarrierEvent Carrier(long sequence, ShipmentStatus status, Guid? eventId = null, string? trackingNumber = null) =>
        new(Id, Tick(), new CarrierUpdate(trackingNumber ?? TrackingNumber, sequence, status, Start.AddHours(sequence), $"Hub {sequence}", null,
            eventId ?? Guid.NewGuid()));

    public CheckDeadline CheckAt(DateTimeOffset at) => new(Id, at, Deadline);

    public IEnumerable<ShipmentStatus> Statuses => State.History.Select(h => h.Status);
}
