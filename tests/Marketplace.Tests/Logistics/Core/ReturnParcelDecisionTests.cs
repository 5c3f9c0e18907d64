using Marketplace.Common;
using Marketplace.Grains.Logistics;
using Marketplace.Logistics;
using Marketplace.Logistics.Events;

namespace Marketplace.Tests.Logistics.Core;

/// <summary>A return's parcel on the shipment core: the logistics flow in reverse, from the shopper back to the seller. Pure, no cluster.</summary>
public sealed class ReturnParcelDecisionTests
{
    [Fact]
    public void A_courier_return_starts_handed_over_in_the_dispatch_queue_and_tells_the_return_at_pick_up_and_at_the_seller()
    {
        var story = new ShipmentStory();
        var parcel = story.Order with { Return = new ReturnParcel(Guid.NewGuid(), DeliveryChannel.Courier) };
        var opened = story.When(story.Open(parcel));

        Assert.Equal((ShipmentStatus.HandedOver, DeliveryChannel.Courier), (story.State.Status, story.State.Channel));
        Assert.Equal("shopper", story.State.History[^1].Source);
        Assert.Empty(opened.Effects);
        Assert.Single(opened.Events.OfType<ShipmentCreated>());
        Assert.Throws<ConflictException>(() => story.Decide(story.Pack()));

        var courier = Guid.NewGuid();
        story.When(story.Assign(courier));
        Assert.Equal(new OrderingCallback(OrderingCallbackKind.HandedOver, null, story.Now + TimeSpan.FromMinutes(1), null),
            Assert.Single(story.When(story.Step(courier, "pick", ShipmentStatus.PickedUp)).Effects));
        story.When(story.Step(courier, "transit", ShipmentStatus.InTransit));
        story.When(story.Step(courier, "out", ShipmentStatus.OutForDelivery));
        Assert.Equal(OrderingCallbackKind.Delivered,
            Assert.IsType<OrderingCallback>(Assert.Single(story.When(story.Step(courier, "done", ShipmentStatus.Delivered)).Effects)).Kind);
    }

    [Fact]
    public void A_carrier_return_is_registered_at_once_for_the_shopper_s_label_and_an_unnamed_return_is_refused()
    {
        var story = new ShipmentStory();
        var opened = story.When(story.Open(story.Order with { Return = new ReturnParcel(Guid.NewGuid(), DeliveryChannel.Carrier) }));

        Assert.IsType<RegisterWithCarrierEffect>(Assert.Single(opened.Effects));
        Assert.Equal(CarrierRegistrationStatus.Pending, story.State.CarrierRegistration);

        var unnamed = new ShipmentStory();
        var refused = Assert.Throws<ValidationException>(() => unnamed.Decide(unnamed.Open(unnamed.Order with { Return = new ReturnParcel(Guid.Empty, DeliveryChannel.Carrier) })));
        Assert.Equal(["return"], refused.Errors.Keys);
    }
}
