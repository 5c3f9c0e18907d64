using Marketplace.Common;
using Marketplace.Grains.Logistics;
using Marketplace.Grains.Logistics.Core;
using Marketplace.Logistics;
using Marketplace.Logistics.Events;

namespace Marketplace.Tests.Logistics.Core;

/// <summary>The shipment core on its way to the door: courier steps, the carrier's callbacks and registration. Pure, no cluster.</summary>
public sealed class ShipmentDeliveryDecisionTests
{
    private static readonly ShipmentStatus[] ToTheDoor = [ShipmentStatus.PickedUp, ShipmentStatus.InTransit, ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered];

    [Fact]
    public void A_courier_takes_every_step_in_turn_and_the_delivery_captures_the_payment()
    {
        var courier = Guid.NewGuid();
        var story = ShipmentStory.WithCourier(courier);
        var decisions = ToTheDoor.Select(status => (Status: status, Decision: story.When(story.Step(courier, $"step-{status}", status)))).ToList();

        foreach (var (status, decision) in decisions)
        {
            var changed = Assert.Single(decision.Events.OfType<ShipmentStatusChanged>());
            Assert.Equal((status, "courier", $"{status} point"), (changed.To, changed.Source, changed.Location));
        }
        Assert.All(decisions.SkipLast(1), d => Assert.Empty(d.Decision.Effects));
        var delivered = decisions[^1].Decision;
        Assert.Equal(new OrderingCallback(OrderingCallbackKind.Delivered, null, story.Now, null), Assert.Single(delivered.Effects));
        Assert.Equal(new ShipmentDelivered(story.Id, story.Order.OrderId, story.Order.SellerOrderId, story.Now),
            Assert.Single(delivered.Events.OfType<ShipmentDelivered>()));
        Assert.Equal(7, story.State.History.Count);
        Assert.Contains("cannot move it from there", Assert.Throws<ConflictException>(() => story.Decide(story.Step(courier, "late", ShipmentStatus.DeliveryFailed, "x"))).Message);
    }

    [Fact]
    public void A_courier_may_not_skip_a_step_reuse_an_update_id_for_another_status_or_act_on_a_parcel_not_theirs()
    {
        var courier = Guid.NewGuid();
        var story = ShipmentStory.WithCourier(courier);

        var skip = Assert.Throws<ConflictException>(() => story.Decide(story.Step(courier, "a", ShipmentStatus.Delivered)));
        Assert.Throws<ForbiddenException>(() => story.Decide(story.Step(Guid.NewGuid(), "a", ShipmentStatus.PickedUp)));
        Assert.Equal("updateId", Assert.Single(Assert.Throws<ValidationException>(() => story.Decide(story.Step(courier, " ", ShipmentStatus.PickedUp))).Errors.Keys));
        Assert.Throws<ValidationException>(() => story.Decide(story.Step(courier, new string('u', 101), ShipmentStatus.PickedUp)));
        story.When(story.Step(courier, "b", ShipmentStatus.PickedUp));
        var retried = story.Decide(story.Step(courier, "b", ShipmentStatus.PickedUp));

        Assert.Contains("a courier can move it to PickedUp, not to Delivered", skip.Message);
        Assert.True(retried.ChangesNothing);
        Assert.Contains("already used", Assert.Throws<ConflictException>(() => story.Decide(story.Step(courier, "b", ShipmentStatus.InTransit))).Message);
        Assert.Throws<ConflictException>(() => story.Decide(story.Step(courier, "c", ShipmentStatus.PickedUp)));
        Assert.Single(story.State.History, h => h.Status == ShipmentStatus.PickedUp);
    }

    [Fact]
    public void A_failed_delivery_needs_a_reason_and_tells_ordering_to_refund_and_restock()
    {
        var courier = Guid.NewGuid();
        var story = ShipmentStory.WithCourier(courier);
        story.When(story.Step(courier, "1", ShipmentStatus.PickedUp));

        Assert.Equal("reason", Assert.Single(Assert.Throws<ValidationException>(() =>
            story.Decide(story.Step(courier, "2", ShipmentStatus.DeliveryFailed, "  "))).Errors.Keys));
        var failed = story.When(story.Step(courier, "2", ShipmentStatus.DeliveryFailed, "Parcel damaged"));

        Assert.Equal((ShipmentStatus.DeliveryFailed, "Parcel damaged"), (story.State.Status, story.State.FailureReason));
        Assert.Equal(new OrderingCallback(OrderingCallbackKind.Failed, null, story.Now, "Parcel damaged"), Assert.Single(failed.Effects));
        Assert.Equal("Parcel damaged", Assert.Single(failed.Events.OfType<ShipmentFailed>()).Reason);
        Assert.Throws<ConflictException>(() => story.Decide(story.Step(courier, "3", ShipmentStatus.Delivered)));
    }

    [Fact]
    public void Duplicate_and_out_of_order_carrier_callbacks_never_move_the_shipment_back()
    {
        var story = ShipmentStory.WithCarrier();
        var eventIds = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();

        var inTransit = story.When(story.Carrier(2, ShipmentStatus.InTransit, eventIds[2]));
        var sameEvent = story.When(story.Carrier(2, ShipmentStatus.InTransit, eventIds[2]));
        var sameSequence = story.When(story.Carrier(2, ShipmentStatus.OutForDelivery));
        var late = story.When(story.Carrier(1, ShipmentStatus.PickedUp, eventIds[1]));
        var delivered = story.When(story.Carrier(4, ShipmentStatus.Delivered, eventIds[4]));
        var lateAfterTheEnd = story.When(story.Carrier(3, ShipmentStatus.OutForDelivery, eventIds[3]));

        Assert.Equal([CarrierUpdateOutcome.Applied, CarrierUpdateOutcome.Duplicate, CarrierUpdateOutcome.Duplicate, CarrierUpdateOutcome.Stale,
            CarrierUpdateOutcome.Applied, CarrierUpdateOutcome.Stale], new[] { inTransit, sameEvent, sameSequence, late, delivered, lateAfterTheEnd }.Select(d => d.CarrierOutcome));
        Assert.True(sameEvent.ChangesNothing && sameSequence.ChangesNothing);
        Assert.Null(inTransit.CarrierEventToConfirm);
        Assert.Equal(eventIds[4], delivered.CarrierEventToConfirm?.EventId);
        Assert.Empty(late.Events);
        Assert.Equal([ShipmentStatus.Created, ShipmentStatus.Packed, ShipmentStatus.HandedOver, ShipmentStatus.PickedUp, ShipmentStatus.InTransit,
            ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered], story.Statuses);
        Assert.Equal("reported late by the carrier", story.State.History[3].Note);
        Assert.Equal(ShipmentStory.Start.AddHours(4), story.State.History[^1].At);
        Assert.Equal(OrderingCallbackKind.Delivered, Assert.IsType<OrderingCallback>(Assert.Single(delivered.Effects)).Kind);
    }

    [Fact]
    public void A_carrier_callback_is_refused_for_another_parcel_channel_or_a_status_the_carrier_cannot_report()
    {
        var story = ShipmentStory.WithCarrier();
        var courier = ShipmentStory.WithCourier(Guid.NewGuid());

        Assert.Contains("has tracking number", Assert.Throws<ConflictException>(() =>
            story.Decide(story.Carrier(1, ShipmentStatus.PickedUp, trackingNumber: "OTHER"))).Message);
        Assert.Throws<ValidationException>(() => story.Decide(story.Carrier(1, ShipmentStatus.Cancelled)));
        Assert.Throws<ValidationException>(() => story.Decide(story.Carrier(1, ShipmentStatus.HandedOver)));
        Assert.Throws<ConflictException>(() => courier.Decide(courier.Carrier(1, ShipmentStatus.PickedUp)));
        var failed = story.When(story.Carrier(1, ShipmentStatus.DeliveryFailed));

        Assert.Equal(ShipmentDecider.CarrierFailureReason, story.State.FailureReason);
        Assert.Equal(new OrderingCallback(OrderingCallbackKind.Failed, null, ShipmentStory.Start.AddHours(1), ShipmentDecider.CarrierFailureReason),
            Assert.Single(failed.Effects));
        Assert.NotNull(failed.CarrierEventToConfirm);
    }

    [Fact]
    public void The_registration_adopts_the_tracking_number_once_and_a_first_callback_may_bring_it_instead()
    {
        var registering = ShipmentStory.WithCarrier(registered: false);
        var registered = registering.When(new RecordCarrierRegistration(registering.Id, registering.Tick(), "CR-1"));
        var repeated = registering.Decide(new RecordCarrierRegistration(registering.Id, registering.Tick(), "CR-2"));

        var lostAnswer = ShipmentStory.WithCarrier(registered: false);
        var callback = lostAnswer.When(lostAnswer.Carrier(1, ShipmentStatus.PickedUp));
        var lateAnswer = lostAnswer.Decide(new RecordCarrierRegistration(lostAnswer.Id, lostAnswer.Tick(), lostAnswer.TrackingNumber));

        Assert.Equal(("CR-1", CarrierRegistrationStatus.Registered), (registering.State.TrackingNumber, registering.State.CarrierRegistration));
        Assert.Equal(new OrderingCallback(OrderingCallbackKind.HandedOver, "CR-1", registering.State.LastUpdateAt, null), Assert.Single(registered.Effects));
        Assert.Equal(new ShipmentRegisteredWithCarrier(registering.Id, "CR-1"), Assert.Single(registered.Events));
        Assert.True(repeated.ChangesNothing);
        Assert.NotNull(callback.CarrierEventToConfirm);
        Assert.Equal(lostAnswer.TrackingNumber, lostAnswer.State.TrackingNumber);
        Assert.Contains(callback.Events, e => e is ShipmentRegisteredWithCarrier);
        Assert.Equal([OrderingCallbackKind.HandedOver], callback.Effects.OfType<OrderingCallback>().Select(c => c.Kind));
        Assert.True(lateAnswer.ChangesNothing);
    }
}
