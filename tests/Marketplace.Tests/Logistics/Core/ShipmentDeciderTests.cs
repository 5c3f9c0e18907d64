using Marketplace.Common;
using Marketplace.Grains.Logistics;
using Marketplace.Grains.Logistics.Core;
using Marketplace.Logistics;
using Marketplace.Logistics.Events;

namespace Marketplace.Tests.Logistics.Core;

/// <summary>The shipment core from its opening to a courier's assignment: pure, no cluster.</summary>
public sealed class ShipmentDeciderTests
{
    [Fact]
    public void Opening_creates_the_shipment_once_per_sub_order_and_a_repeat_decides_nothing()
    {
        var story = new ShipmentStory();
        var opened = story.When(story.Open());

        Assert.Equal(new ShipmentCreated(story.Id, story.Order.OrderId, story.Order.SellerOrderId, story.Order.SellerId, story.Order.ShopperId),
            Assert.Single(opened.Events));
        Assert.Empty(opened.Effects);
        Assert.Equal(ShipmentStatus.Created, story.State.Status);
        Assert.Equal((story.Now, story.Now), (story.State.CreatedAt, story.State.LastUpdateAt));
        Assert.Equal(("ordering", ShipmentStatus.Created), (Assert.Single(story.State.History).Source, story.State.History[0].Status));
        Assert.True(story.Decide(story.Open()).ChangesNothing);
        Assert.Throws<ConflictException>(() => story.Decide(story.Open(story.Order with { SellerOrderId = Guid.NewGuid() })));
    }

    [Fact]
    public void Opening_refuses_a_shipment_it_cannot_deliver_naming_every_field()
    {
        var story = new ShipmentStory();
        var bad = story.Order with
        {
            ShipmentId = Guid.NewGuid(), OrderId = Guid.Empty, Items = [],
            Address = story.Order.Address with { PostalCode = "", Country = "Russia" },
        };

        var refused = Assert.Throws<ValidationException>(() => story.Decide(story.Open(bad)));

        Assert.Equal(["address.country", "address.postalCode", "items", "orderId", "shipmentId"], refused.Errors.Keys.Order());
        Assert.Null(story.State.Order);
    }

    [Fact]
    public void Apply_returns_a_new_state_and_leaves_the_one_it_was_given_as_it_was()
    {
        var story = ShipmentStory.WithCourier(courierId: null);
        var before = story.State;
        var historyBefore = before.History.ToList();

        var decision = story.Decide(story.Assign(Guid.NewGuid()));
        var after = decision.Changes.Aggregate(before, ShipmentEvolution.Apply);

        Assert.NotSame(before, after);
        Assert.Null(before.CourierId);
        Assert.Equal(historyBefore, before.History);
        Assert.NotNull(after.CourierId);
        Assert.Same(before.Outbox, after.Outbox);
    }

    [Fact]
    public void Only_the_owning_seller_packs_once_and_only_a_created_shipment()
    {
        var story = new ShipmentStory();
        Assert.Throws<NotFoundException>(() => story.Decide(story.Pack()));
        story.When(story.Open());

        Assert.Throws<ForbiddenException>(() => story.Decide(story.Pack(sellerId: Guid.NewGuid())));
        Assert.Equal("location", Assert.Single(Assert.Throws<ValidationException>(() => story.Decide(story.Pack(new string('x', 201)))).Errors.Keys));
        Assert.Equal("location", Assert.Single(Assert.Throws<ValidationException>(() => story.Decide(story.Pack("Dock\0 7"))).Errors.Keys));
        var packed = story.When(story.Pack("  Warehouse 7 "));

        var changed = Assert.IsType<ShipmentStatusChanged>(Assert.Single(packed.Events));
        Assert.Equal((ShipmentStatus.Created, ShipmentStatus.Packed, "seller", "Warehouse 7"), (changed.From, changed.To, changed.Source, changed.Location));
        Assert.Equal(story.Now, story.State.LastUpdateAt);
        Assert.True(story.Decide(story.Pack()).ChangesNothing);
        story.When(story.HandOver(DeliveryChannel.Courier));
        Assert.Throws<ConflictException>(() => story.Decide(story.Pack()));
    }

    [Fact]
    public void Handing_over_to_a_courier_tells_ordering_at_once_and_to_the_carrier_registers_the_parcel_first()
    {
        var courier = new ShipmentStory();
        courier.When(courier.Open());
        Assert.Contains("pack it", Assert.Throws<ConflictException>(() => courier.Decide(courier.HandOver(DeliveryChannel.Courier))).Message);
        courier.When(courier.Pack());
        Assert.Throws<ForbiddenException>(() => courier.Decide(courier.HandOver(DeliveryChannel.Courier, Guid.NewGuid())));
        Assert.Throws<ValidationException>(() => courier.Decide(courier.HandOver((DeliveryChannel)7)));
        var toCourier = courier.When(courier.HandOver(DeliveryChannel.Courier));
        var carrier = ShipmentStory.WithCarrier(registered: false);

        Assert.Equal(new OrderingCallback(OrderingCallbackKind.HandedOver, null, courier.Now, null), Assert.Single(toCourier.Effects));
        Assert.Equal((ShipmentStatus.HandedOver, DeliveryChannel.Courier, null), (courier.State.Status, courier.State.Channel, courier.State.CarrierRegistration));
        Assert.Equal("to the courier", courier.State.History[^1].Note);
        Assert.True(courier.Decide(courier.HandOver(DeliveryChannel.Courier)).ChangesNothing);
        Assert.Throws<ConflictException>(() => courier.Decide(courier.HandOver(DeliveryChannel.Carrier)));
        Assert.Equal(CarrierRegistrationStatus.Pending, carrier.State.CarrierRegistration);
        Assert.Null(carrier.State.TrackingNumber);
        Assert.Equal([ShipmentStatus.Created, ShipmentStatus.Packed, ShipmentStatus.HandedOver], carrier.Statuses);
    }

    [Fact]
    public void A_cancelled_sub_order_withdraws_a_parcel_still_with_the_seller_and_tells_ordering_nothing_back()
    {
        foreach (var packedFirst in new[] { false, true })
        {
            var story = new ShipmentStory();
            story.When(story.Open());
            if (packedFirst)
            {
                story.When(story.Pack());
            }
            var cancelled = story.When(story.Cancel());

            Assert.Equal(ShipmentStatus.Cancelled, story.State.Status);
            Assert.Empty(cancelled.Effects);
            Assert.Equal("cancelled by the shopper", Assert.Single(cancelled.Events.OfType<ShipmentCancelled>()).Reason);
            Assert.Equal(("ordering", "cancelled by the shopper"), (story.State.History[^1].Source, story.State.History[^1].Note));
            Assert.True(story.Decide(story.Cancel()).ChangesNothing);
            Assert.Contains("cancelled", Assert.Throws<ConflictException>(() => story.Decide(story.HandOver(DeliveryChannel.Courier))).Message);
            Assert.Throws<ConflictException>(() => story.Decide(story.Pack()));
        }
        var gone = ShipmentStory.WithCourier(courierId: null);
        Assert.Throws<ConflictException>(() => gone.Decide(gone.Cancel()));
        Assert.Throws<NotFoundException>(() => new ShipmentStory().Decide(new ShipmentStory().Cancel()));
    }

    [Fact]
    public void A_dispatcher_assigns_and_reassigns_a_courier_until_pick_up_only_on_the_courier_channel()
    {
        var story = new ShipmentStory();
        story.When(story.Open());
        story.When(story.Pack());
        Assert.Contains("not been handed over", Assert.Throws<ConflictException>(() => story.Decide(story.Assign(Guid.NewGuid()))).Message);
        story.When(story.HandOver(DeliveryChannel.Courier));
        Assert.Equal("courierId", Assert.Single(Assert.Throws<ValidationException>(() => story.Decide(story.Assign(Guid.Empty))).Errors.Keys));
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        var assigned = story.When(story.Assign(first));
        var again = story.Decide(story.Assign(first));
        story.When(story.Assign(second));
        story.When(story.Step(second, "pick", ShipmentStatus.PickedUp));
        var carrier = ShipmentStory.WithCarrier();

        Assert.Equal(new ShipmentCourierAssigned(story.Id, first), Assert.Single(assigned.Events));
        Assert.True(again.ChangesNothing);
        Assert.Equal(second, story.State.CourierId);
        Assert.Contains("before pick-up", Assert.Throws<ConflictException>(() => story.Decide(story.Assign(first))).Message);
        Assert.Contains("external carrier", Assert.Throws<ConflictException>(() => carrier.Decide(carrier.Assign(first))).Message);
    }
}
