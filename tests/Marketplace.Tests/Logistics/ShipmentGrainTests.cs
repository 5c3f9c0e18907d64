using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Logistics;

[Collection(LogisticsGrainCollection.Name)]
public sealed class ShipmentGrainTests(LogisticsGrainCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private IShipmentGrain Shipment(Guid id) => fixture.Grains.GetGrain<IShipmentGrain>(id);

    private Task<PagedList<ShipmentSummary>> List(ShipmentList list) => fixture.Grains.GetGrain<IShipmentListsGrain>(0).Page(list, 1, 100);

    /// <summary>The lists are projected from the shipment's events: wait until <paramref name="list"/> shows what is expected.</summary>
    private Task<PagedList<ShipmentSummary>> ListUntil(ShipmentList list, Func<PagedList<ShipmentSummary>, bool> done, string what) =>
        Eventually.Until(() => List(list), done, Patience, what);

    private async Task<(CreateShipment Order, IShipmentGrain Grain)> HandedOverToCourier(Guid courierId)
    {
        var order = ShipmentFactory.NewShipment();
        var grain = Shipment(order.ShipmentId);
        await grain.Create(order);
        await grain.MarkPacked(order.SellerId, "Seller's warehouse");
        await grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Courier, "Seller's warehouse"));
        await grain.AssignCourier(courierId);
        return (order, grain);
    }

    [Fact]
    public async Task Create_is_idempotent_by_shipment_id()
    {
        var order = ShipmentFactory.NewShipment();
        var first = await Shipment(order.ShipmentId).Create(order);
        var again = await Shipment(order.ShipmentId).Create(order);

        Assert.Equal(ShipmentStatus.Created, again.Status);
        Assert.Equal(first.Version, again.Version);
        Assert.Single(again.History);
        await Assert.ThrowsAsync<ConflictException>(() => Shipment(order.ShipmentId).Create(order with { SellerOrderId = Guid.NewGuid() }));
        await Assert.ThrowsAsync<ValidationException>(() => Shipment(Guid.NewGuid()).Create(order));
    }

    [Fact]
    public async Task A_shipment_refuses_an_undeliverable_address_and_overlong_or_control_character_notes_and_stays_as_it_was()
    {
        var order = ShipmentFactory.NewShipment();
        var grain = Shipment(order.ShipmentId);

        var address = await Assert.ThrowsAsync<ValidationException>(() =>
            grain.Create(order with { Address = order.Address with { PostalCode = "", Country = "Russia" } }));
        await grain.Create(order);
        var longLocation = await Assert.ThrowsAsync<ValidationException>(() => grain.MarkPacked(order.SellerId, new string('x', 201)));
        var nulLocation = await Assert.ThrowsAsync<ValidationException>(() =>
            grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Courier, "Dock\0 7")));

        Assert.Equal(["address.country", "address.postalCode"], address.Errors.Keys.Order());
        Assert.Equal("location", Assert.Single(longLocation.Errors.Keys));
        Assert.Equal("location", Assert.Single(nulLocation.Errors.Keys));
        var shipment = await grain.Get();
        Assert.Equal(ShipmentStatus.Created, shipment.Status);
        Assert.Null(shipment.Channel);
    }

    [Fact]
    public async Task A_cancelled_parcel_stays_with_the_seller_and_one_handed_over_cannot_be_cancelled()
    {
        var order = ShipmentFactory.NewShipment();
        var grain = Shipment(order.ShipmentId);
        await grain.Create(order);
        await grain.MarkPacked(order.SellerId, "Warehouse 7");

        var cancelled = await grain.Cancel("cancelled by the shopper");
        var again = await grain.Cancel("cancelled twice");

        Assert.Equal(ShipmentStatus.Cancelled, cancelled.Status);
        Assert.Equal(cancelled.Version, again.Version);
        Assert.Equal(("ordering", "cancelled by the shopper"), (cancelled.History[^1].Source, cancelled.History[^1].Note));
        var handOver = await Assert.ThrowsAsync<ConflictException>(() => grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Courier, null)));
        Assert.Contains("cancelled", handOver.Message);
        Assert.Empty(RecordingOrdering.Instance.Calls(order.SellerOrderId));
        var sellersList = await ListUntil(ShipmentList.Seller(order.SellerId), l => l.Items.Any(s => s.Status == ShipmentStatus.Cancelled),
            "the cancellation in the seller's list");
        Assert.Equal(order.ShipmentId, Assert.Single(sellersList.Items).ShipmentId);

        var (_, goneGrain) = await HandedOverToCourier(Guid.NewGuid());
        await Assert.ThrowsAsync<ConflictException>(() => goneGrain.Cancel("too late"));
        Assert.Equal(ShipmentStatus.HandedOver, (await goneGrain.Get()).Status);
        await Assert.ThrowsAsync<NotFoundException>(() => Shipment(Guid.NewGuid()).Cancel("never created"));
    }

    [Fact]
    public async Task Only_the_owning_seller_packs_and_hands_over()
    {
        var order = ShipmentFactory.NewShipment();
        var grain = Shipment(order.ShipmentId);
        await grain.Create(order);

        await Assert.ThrowsAsync<ForbiddenException>(() => grain.MarkPacked(Guid.NewGuid(), null));
        await Assert.ThrowsAsync<ConflictException>(() => grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Courier, null)));
        await grain.MarkPacked(order.SellerId, "Warehouse 7");
        var packedAgain = await grain.MarkPacked(order.SellerId, "Warehouse 7");
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.HandOver(Guid.NewGuid(), new HandOverShipment(DeliveryChannel.Courier, null)));
        var handedOver = await grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Courier, "Warehouse 7"));
        var repeated = await grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Courier, "Warehouse 7"));

        Assert.Equal(ShipmentStatus.Packed, packedAgain.Status);
        Assert.Equal(ShipmentStatus.HandedOver, handedOver.Status);
        Assert.Equal(handedOver.Version, repeated.Version);
        Assert.Equal([ShipmentStatus.Created, ShipmentStatus.Packed, ShipmentStatus.HandedOver], handedOver.History.Select(h => h.Status));
        Assert.Equal("Warehouse 7", handedOver.History[1].Location);
        await Assert.ThrowsAsync<ConflictException>(() => grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Carrier, null)));
        Assert.Equal(["HandedOver:"], RecordingOrdering.Instance.Calls(order.SellerOrderId));
    }

    [Fact]
    public async Task A_courier_delivers_step_by_step_and_ordering_hears_of_it_once()
    {
        var courierId = Guid.NewGuid();
        var (order, grain) = await HandedOverToCourier(courierId);

        await Assert.ThrowsAsync<ForbiddenException>(() => grain.ApplyCourierUpdate(Guid.NewGuid(), new CourierUpdate("u1", ShipmentStatus.PickedUp, null, null)));
        foreach (var (status, step) in new[] { ShipmentStatus.PickedUp, ShipmentStatus.InTransit, ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered }.Select((s, i) => (s, i)))
        {
            await grain.ApplyCourierUpdate(courierId, new CourierUpdate($"step-{step}", status, $"Point {step}", null));
        }
        var delivered = await grain.GetFor(ShipmentParty.Courier, courierId);
        var page = await ListUntil(ShipmentList.Courier(courierId), l => l.Items.Any(s => s.Status == ShipmentStatus.Delivered),
            "the delivery in the courier's list");

        Assert.Equal(ShipmentStatus.Delivered, delivered.Status);
        Assert.Equal(7, delivered.History.Count);
        Assert.Equal(["HandedOver:", "Delivered"], RecordingOrdering.Instance.Calls(order.SellerOrderId));
        var listed = Assert.Single(page.Items);
        Assert.Equal(ShipmentStatus.Delivered, listed.Status);
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetFor(ShipmentParty.Shopper, Guid.NewGuid()));
        Assert.Equal(ShipmentStatus.Delivered, (await grain.GetFor(ShipmentParty.Shopper, order.ShopperId)).Status);
    }

    [Fact]
    public async Task Illegal_transitions_conflict_and_repeated_update_ids_do_nothing_twice()
    {
        var courierId = Guid.NewGuid();
        var (order, grain) = await HandedOverToCourier(courierId);

        var skip = await Assert.ThrowsAsync<ConflictException>(() => grain.ApplyCourierUpdate(courierId, new CourierUpdate("a", ShipmentStatus.Delivered, null, null)));
        var picked = await grain.ApplyCourierUpdate(courierId, new CourierUpdate("b", ShipmentStatus.PickedUp, null, null));
        var retried = await grain.ApplyCourierUpdate(courierId, new CourierUpdate("b", ShipmentStatus.PickedUp, null, null));
        await Assert.ThrowsAsync<ConflictException>(() => grain.ApplyCourierUpdate(courierId, new CourierUpdate("b", ShipmentStatus.InTransit, null, null)));
        await Assert.ThrowsAsync<ConflictException>(() => grain.ApplyCourierUpdate(courierId, new CourierUpdate("c", ShipmentStatus.PickedUp, null, null)));
        await Assert.ThrowsAsync<ValidationException>(() => grain.ApplyCourierUpdate(courierId, new CourierUpdate("d", ShipmentStatus.DeliveryFailed, null, " ")));
        await Assert.ThrowsAsync<ConflictException>(() => grain.AssignCourier(Guid.NewGuid()));

        Assert.Contains("a courier can move it to PickedUp, not to Delivered", skip.Message);
        Assert.Equal(picked.Version, retried.Version);
        Assert.Single(retried.History, h => h.Status == ShipmentStatus.PickedUp);
        Assert.Equal(["HandedOver:"], RecordingOrdering.Instance.Calls(order.SellerOrderId));
    }

    [Fact]
    public async Task A_failed_delivery_tells_ordering_to_refund_with_the_reason()
    {
        var courierId = Guid.NewGuid();
        var (order, grain) = await HandedOverToCourier(courierId);

        await grain.ApplyCourierUpdate(courierId, new CourierUpdate("1", ShipmentStatus.PickedUp, null, null));
        var failed = await grain.ApplyCourierUpdate(courierId, new CourierUpdate("2", ShipmentStatus.DeliveryFailed, "Moscow", "Parcel damaged"));

        Assert.Equal(ShipmentStatus.DeliveryFailed, failed.Status);
        Assert.Equal("Parcel damaged", failed.FailureReason);
        Assert.Equal(["HandedOver:", "Failed:Parcel damaged"], RecordingOrdering.Instance.Calls(order.SellerOrderId));
        await Assert.ThrowsAsync<ConflictException>(() => grain.ApplyCourierUpdate(courierId, new CourierUpdate("3", ShipmentStatus.Delivered, null, null)));
    }

    [Fact]
    public async Task A_shipment_handed_to_the_courier_service_waits_in_the_dispatch_queue_until_assigned()
    {
        var order = ShipmentFactory.NewShipment();
        var grain = Shipment(order.ShipmentId);
        await grain.Create(order);
        await grain.MarkPacked(order.SellerId, null);
        await grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Courier, null));

        var waiting = await ListUntil(ShipmentList.AwaitingCourier, l => l.Items.Any(s => s.ShipmentId == order.ShipmentId), "the shipment in the queue");
        var courierId = Guid.NewGuid();
        await grain.AssignCourier(courierId);
        await ListUntil(ShipmentList.Courier(courierId), l => l.Total == 1, "the shipment in its courier's list");
        var afterAssignment = await List(ShipmentList.AwaitingCourier);

        Assert.Equal(ShipmentStatus.HandedOver, waiting.Items.Single(s => s.ShipmentId == order.ShipmentId).Status);
        Assert.DoesNotContain(afterAssignment.Items, s => s.ShipmentId == order.ShipmentId);
    }

    [Fact]
    public async Task Reassigning_moves_the_shipment_between_courier_lists()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var (_, grain) = await HandedOverToCourier(first);

        await grain.AssignCourier(second);

        await ListUntil(ShipmentList.Courier(second), l => l.Total == 1, "the shipment in the second courier's list");
        Assert.Equal(0, (await List(ShipmentList.Courier(first))).Total);
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetFor(ShipmentParty.Courier, first));
    }

    [Fact]
    public async Task Duplicate_and_out_of_order_carrier_callbacks_never_move_the_shipment_back()
    {
        var order = ShipmentFactory.NewShipment();
        var grain = Shipment(order.ShipmentId);
        await grain.Create(order);
        await grain.MarkPacked(order.SellerId, null);
        var handedOver = await grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Carrier, null));
        var tracking = handedOver.TrackingNumber!;
        var t0 = DateTimeOffset.UtcNow;
        var eventIds = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        CarrierUpdate Event(long sequence, ShipmentStatus status) =>
            FakeCarrier.Instance.Carried(order.ShipmentId, new(tracking, sequence, status, t0.AddSeconds(sequence), $"Hub {sequence}", null, eventIds[sequence]));

        var outcomes = new List<CarrierUpdateOutcome>();
        foreach (var update in new[] { Event(2, ShipmentStatus.InTransit), Event(2, ShipmentStatus.InTransit), Event(1, ShipmentStatus.PickedUp),
                     Event(4, ShipmentStatus.Delivered), Event(3, ShipmentStatus.OutForDelivery), Event(4, ShipmentStatus.Delivered) })
        {
            outcomes.Add((await grain.ApplyCarrierUpdate(update)).Outcome);
        }
        var final = await grain.Get();

        Assert.Equal(CarrierRegistrationStatus.Registered, handedOver.CarrierRegistration);
        Assert.Equal(FakeCarrier.TrackingNumberOf(order.ShipmentId), tracking);
        Assert.Equal([CarrierUpdateOutcome.Applied, CarrierUpdateOutcome.Duplicate, CarrierUpdateOutcome.Stale,
            CarrierUpdateOutcome.Applied, CarrierUpdateOutcome.Stale, CarrierUpdateOutcome.Duplicate], outcomes);
        Assert.Equal(ShipmentStatus.Delivered, final.Status);
        Assert.Equal([ShipmentStatus.Created, ShipmentStatus.Packed, ShipmentStatus.HandedOver, ShipmentStatus.PickedUp,
            ShipmentStatus.InTransit, ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered], final.History.Select(h => h.Status));
        Assert.Equal([$"HandedOver:{tracking}", "Delivered"], RecordingOrdering.Instance.Calls(order.SellerOrderId));
        await Assert.ThrowsAsync<ConflictException>(() => grain.ApplyCarrierUpdate(Event(5, ShipmentStatus.Delivered) with { TrackingNumber = "OTHER" }));
    }

    [Fact]
    public async Task A_failed_delivery_reported_by_the_carrier_tells_ordering_to_refund()
    {
        var order = ShipmentFactory.NewShipment();
        var grain = Shipment(order.ShipmentId);
        await grain.Create(order);
        await grain.MarkPacked(order.SellerId, null);
        var tracking = (await grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Carrier, null))).TrackingNumber!;

        var result = await grain.ApplyCarrierUpdate(FakeCarrier.Instance.Carried(order.ShipmentId,
            new CarrierUpdate(tracking, 1, ShipmentStatus.DeliveryFailed, DateTimeOffset.UtcNow, "Moscow", null, Guid.NewGuid())));
        var late = await grain.ApplyCarrierUpdate(FakeCarrier.Instance.Carried(order.ShipmentId,
            new CarrierUpdate(tracking, 2, ShipmentStatus.Delivered, DateTimeOffset.UtcNow, "Moscow", null, Guid.NewGuid())));

        Assert.Equal(new CarrierUpdateResult(CarrierUpdateOutcome.Applied, ShipmentStatus.DeliveryFailed), result);
        Assert.Equal(new CarrierUpdateResult(CarrierUpdateOutcome.Stale, ShipmentStatus.DeliveryFailed), late);
        Assert.DoesNotContain((await grain.Get()).History, h => h.Status == ShipmentStatus.Delivered);
        Assert.Equal([$"HandedOver:{tracking}", "Failed:The carrier could not deliver the parcel."], RecordingOrdering.Instance.Calls(order.SellerOrderId));
    }

    [Fact]
    public async Task A_delivered_or_failed_callback_the_carrier_has_no_record_of_moves_nothing_and_a_repeated_event_id_is_dropped()
    {
        var order = ShipmentFactory.NewShipment();
        var grain = Shipment(order.ShipmentId);
        await grain.Create(order);
        await grain.MarkPacked(order.SellerId, null);
        var tracking = (await grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Carrier, null))).TrackingNumber!;

        await Assert.ThrowsAsync<ConflictException>(() =>
            grain.ApplyCarrierUpdate(new CarrierUpdate(tracking, 1, ShipmentStatus.Delivered, DateTimeOffset.UtcNow, "Moscow", null, Guid.NewGuid())));
        // Recorded by the carrier, but for another sequence than the callback claims.
        var reshaped = FakeCarrier.Instance.Carried(order.ShipmentId, new CarrierUpdate(tracking, 1, ShipmentStatus.DeliveryFailed, DateTimeOffset.UtcNow, "Moscow", null, Guid.NewGuid()));
        await Assert.ThrowsAsync<ConflictException>(() => grain.ApplyCarrierUpdate(reshaped with { Sequence = 2 }));
        Assert.Equal(ShipmentStatus.HandedOver, (await grain.Get()).Status);

        var pickedUp = new CarrierUpdate(tracking, 1, ShipmentStatus.PickedUp, DateTimeOffset.UtcNow, "Moscow", null, Guid.NewGuid());
        Assert.Equal(CarrierUpdateOutcome.Applied, (await grain.ApplyCarrierUpdate(pickedUp)).Outcome);
        Assert.Equal(new CarrierUpdateResult(CarrierUpdateOutcome.Duplicate, ShipmentStatus.PickedUp),
            await grain.ApplyCarrierUpdate(pickedUp with { Sequence = 2, Status = ShipmentStatus.InTransit }));
        Assert.Equal([$"HandedOver:{tracking}"], RecordingOrdering.Instance.Calls(order.SellerOrderId));
    }

    [Fact]
    public async Task A_carrier_outage_leaves_the_registration_pending_and_a_reminder_completes_it()
    {
        var order = ShipmentFactory.NewShipment();
        var grain = Shipment(order.ShipmentId);
        await grain.Create(order);
        await grain.MarkPacked(order.SellerId, null);
        FakeCarrier.Instance.SetDown(order.ShipmentId, true);

        var pending = await grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Carrier, null));
        await Eventually.Until(() => Task.FromResult(FakeCarrier.Instance.Attempts(order.ShipmentId) >= 2), Patience, "a retried registration");
        FakeCarrier.Instance.SetDown(order.ShipmentId, false);
        var registered = await Eventually.Until(grain.Get, s => s.CarrierRegistration == CarrierRegistrationStatus.Registered, Patience, "the registration");

        Assert.Equal(ShipmentStatus.HandedOver, pending.Status);
        Assert.Equal(CarrierRegistrationStatus.Pending, pending.CarrierRegistration);
        Assert.Null(pending.TrackingNumber);
        Assert.Equal(FakeCarrier.TrackingNumberOf(order.ShipmentId), registered.TrackingNumber);
        Assert.Equal([$"HandedOver:{registered.TrackingNumber}"], RecordingOrdering.Instance.Calls(order.SellerOrderId));
    }

    [Fact]
    public async Task A_callback_ordering_refused_is_retried_until_it_lands()
    {
        var courierId = Guid.NewGuid();
        var (order, grain) = await HandedOverToCourier(courierId);
        RecordingOrdering.Instance.Refuse(order.SellerOrderId, true);
        foreach (var (status, step) in new[] { ShipmentStatus.PickedUp, ShipmentStatus.InTransit, ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered }.Select((s, i) => (s, i)))
        {
            await grain.ApplyCourierUpdate(courierId, new CourierUpdate($"{step}", status, null, null));
        }

        RecordingOrdering.Instance.Refuse(order.SellerOrderId, false);
        await Eventually.Until(() => Task.FromResult(RecordingOrdering.Instance.Calls(order.SellerOrderId).Contains("Delivered")), Patience, "the delivered callback");

        Assert.Equal(["HandedOver:", "Delivered"], RecordingOrdering.Instance.Calls(order.SellerOrderId));
    }

    [Fact]
    public async Task A_shipment_without_updates_past_its_deadline_is_flagged_until_it_moves()
    {
        var order = ShipmentFactory.NewShipment();
        var grain = Shipment(order.ShipmentId);
        await grain.Create(order);

        var flagged = await Eventually.Until(grain.Get, s => s.OverdueSince is not null, Patience, "the overdue alert");
        var listed = await ListUntil(ShipmentList.Overdue, l => l.Items.Any(s => s.ShipmentId == order.ShipmentId && s.OverdueSince is not null),
            "the flagged shipment on the overdue list");
        await grain.MarkPacked(order.SellerId, null);
        var cleared = await grain.Get();
        await ListUntil(ShipmentList.Seller(order.SellerId), l => l.Items.Single().Status == ShipmentStatus.Packed, "the packed shipment listed");
        var listedAfter = await List(ShipmentList.Overdue);

        Assert.True(flagged.OverdueSince >= flagged.LastUpdateAt + LogisticsGrainCluster.UpdateDeadline);
        Assert.Equal(flagged.OverdueSince, listed.Items.Single(s => s.ShipmentId == order.ShipmentId).OverdueSince);
        Assert.Null(cleared.OverdueSince);
        Assert.DoesNotContain(listedAfter.Items, s => s.ShipmentId == order.ShipmentId);
    }
}
