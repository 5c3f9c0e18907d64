using Marketplace.Grains.Logistics;
using Marketplace.Grains.Logistics.Core;
using Marketplace.Logistics;
using Marketplace.Logistics.Events;

namespace Marketplace.Tests.Logistics.Core;

/// <summary>The update deadline in the pure core: when a shipment is flagged overdue, once, and what clears the flag.</summary>
public sealed class ShipmentDeadlineTests
{
    [Fact]
    public void A_shipment_with_no_update_within_the_deadline_is_flagged_once_and_its_next_move_clears_the_flag()
    {
        var story = new ShipmentStory();
        story.When(story.Open());
        var due = story.State.LastUpdateAt + ShipmentStory.Deadline;

        var early = story.Decide(story.CheckAt(due.AddSeconds(-1)));
        var flagged = story.When(story.CheckAt(due.AddMinutes(5)));
        var again = story.Decide(story.CheckAt(due.AddHours(1)));

        Assert.True(early.ChangesNothing);
        Assert.Equal(new ShipmentOverdue(story.Id, ShipmentStatus.Created, due - ShipmentStory.Deadline), Assert.Single(flagged.Events));
        Assert.Equal(due.AddMinutes(5), story.State.OverdueSince);
        Assert.True(again.ChangesNothing);
        Assert.Null(ShipmentRules.DeadlineCheckIn(story.State, ShipmentStory.Deadline, due.AddHours(1)));

        story.When(story.Pack());
        Assert.Null(story.State.OverdueSince);
        Assert.Equal(ShipmentStory.Deadline, ShipmentRules.DeadlineCheckIn(story.State, ShipmentStory.Deadline, story.State.LastUpdateAt));
    }

    [Fact]
    public void The_deadline_is_watched_only_while_the_shipment_is_on_its_way()
    {
        var unopened = new ShipmentStory();
        var delivered = ShipmentStory.WithCourier(Guid.NewGuid());
        var courier = delivered.State.CourierId!.Value;
        foreach (var (status, step) in new[] { ShipmentStatus.PickedUp, ShipmentStatus.InTransit, ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered }
                     .Select((s, i) => (s, i)))
        {
            delivered.When(delivered.Step(courier, $"{step}", status));
        }
        var late = delivered.State.LastUpdateAt.AddDays(3);
        var waiting = ShipmentStory.WithCourier(courierId: null);

        Assert.Null(ShipmentRules.DeadlineCheckIn(unopened.State, ShipmentStory.Deadline, late));
        Assert.True(unopened.Decide(unopened.CheckAt(late)).ChangesNothing);
        Assert.Null(ShipmentRules.DeadlineCheckIn(delivered.State, ShipmentStory.Deadline, late));
        Assert.True(delivered.Decide(delivered.CheckAt(late)).ChangesNothing);
        Assert.Equal(TimeSpan.FromHours(23), ShipmentRules.DeadlineCheckIn(waiting.State, ShipmentStory.Deadline, waiting.State.LastUpdateAt.AddHours(1)));
        Assert.Equal(TimeSpan.Zero, ShipmentRules.DeadlineCheckIn(waiting.State, ShipmentStory.Deadline, late));
    }

    [Fact]
    public void An_assignment_and_a_registration_are_signs_of_life_but_a_late_carrier_step_is_not()
    {
        var story = ShipmentStory.WithCourier(courierId: null);
        story.When(story.CheckAt(story.State.LastUpdateAt.AddDays(2)));
        Assert.NotNull(story.State.OverdueSince);
        story.When(story.Assign(Guid.NewGuid()));
        Assert.Null(story.State.OverdueSince);

        var carrier = ShipmentStory.WithCarrier();
        carrier.When(carrier.Carrier(2, ShipmentStatus.InTransit));
        var touched = carrier.State.LastUpdateAt;
        carrier.When(carrier.CheckAt(touched.AddDays(2)));
        var stale = carrier.When(carrier.Carrier(1, ShipmentStatus.PickedUp));

        Assert.Equal(CarrierUpdateOutcome.Stale, stale.CarrierOutcome);
        Assert.Equal(touched, carrier.State.LastUpdateAt);
        Assert.NotNull(carrier.State.OverdueSince);
    }
}
