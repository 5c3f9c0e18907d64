using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Ordering;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using static Marketplace.Core.Tests.Ordering.CheckoutSamples;

namespace Marketplace.Core.Tests.Ordering;

/// <summary>A sub-order's life on the pure core: each transition's event and the money, stock or shipment effect it owes.</summary>
public sealed class SellerOrderCoreTests
{
    private static readonly Guid SellerOrderId = Guid.NewGuid();
    private static readonly OpenSellerOrder Opening = new(Guid.NewGuid(), Kettles, Guid.NewGuid(), Guid.NewGuid(), Lines().Take(1).ToList(), "RUB", Address, Now);

    private static Decision<SellerOrderEvent> Step(SellerOrderState state, SellerOrderCommand command)
    {
        var decision = SellerOrderCore.Decide(state, command, Now);
        foreach (var change in decision.Events)
        {
            SellerOrderCore.Apply(state, change);
        }
        return decision;
    }

    private static SellerOrderState Opened()
    {
        var state = new SellerOrderState();
        Step(state, new OpenSubOrder(SellerOrderId, Opening));
        return state;
    }

    [Fact]
    public void Opening_awaits_shipment_publishes_the_status_and_owes_the_shipment_once()
    {
        var state = new SellerOrderState();
        var decision = Step(state, new OpenSubOrder(SellerOrderId, Opening));

        var published = Assert.IsType<SellerOrderStatusChanged>(Assert.Single(decision.Published));
        Assert.Equal((SellerOrderId, Opening.OrderId, Kettles, SellerOrderStatus.AwaitingShipment), (published.SellerOrderId, published.OrderId, published.SellerId, published.Status));
        Assert.IsType<CreateShipmentEffect>(Assert.Single(decision.Effects));
        Assert.Equal(OrderIds.Shipment(SellerOrderId), state.ShipmentId);
        Assert.True(Step(state, new OpenSubOrder(SellerOrderId, Opening)).IsEmpty);
        Assert.Throws<ConflictException>(() => SellerOrderCore.Decide(state, new OpenSubOrder(SellerOrderId, Opening with { OrderId = Guid.NewGuid() }), Now));
    }

    [Fact]
    public void A_delivered_parcel_captures_the_share_once_and_a_hand_over_carries_the_tracking_number()
    {
        var state = Opened();

        Assert.Empty(Step(state, new ParcelHandedOver(state.ShipmentId, "TRK-1")).Effects);
        Assert.Equal((SellerOrderStatus.Shipped, "TRK-1", "tracking TRK-1"), (state.Status, state.TrackingNumber, state.History[^1].Note));
        Assert.True(Step(state, new ParcelHandedOver(state.ShipmentId, "TRK-2")).IsEmpty);

        Assert.IsType<CaptureEffect>(Assert.Single(Step(state, new ParcelDelivered(state.ShipmentId, Now)).Effects));
        Assert.True(Step(state, new ParcelDelivered(state.ShipmentId, Now)).IsEmpty);
        Assert.True(Step(state, new ParcelFailed(state.ShipmentId, "lost")).IsEmpty);
        Assert.Equal(["AwaitingShipment", "Shipped", "Delivered"], state.History.Select(h => h.Status));
    }

    [Fact]
    public void A_failed_delivery_releases_the_share_and_restocks()
    {
        var state = Opened();

        var decision = Step(state, new ParcelFailed(state.ShipmentId, "nobody home"));

        Assert.IsType<ReleaseAndRestockEffect>(Assert.Single(decision.Effects));
        Assert.Equal((SellerOrderStatus.DeliveryFailed, "nobody home"), (state.Status, state.History[^1].Note));
    }

    [Fact]
    public void Only_a_sub_order_awaiting_shipment_can_be_cancelled_and_a_cancel_is_idempotent()
    {
        var state = Opened();

        Assert.IsType<ReleaseAndRestockEffect>(Assert.Single(Step(state, new CancelSubOrder("changed my mind")).Effects));
        Assert.True(Step(state, new CancelSubOrder("again")).IsEmpty);
        Assert.True(Step(state, new ParcelDelivered(state.ShipmentId, Now)).IsEmpty);

        var shipped = Opened();
        Step(shipped, new ParcelHandedOver(shipped.ShipmentId, null));
        Assert.Throws<ConflictException>(() => SellerOrderCore.Decide(shipped, new CancelSubOrder("too late"), Now));
        Assert.Throws<NotFoundException>(() => SellerOrderCore.Decide(new SellerOrderState(), new CancelSubOrder("none"), Now));
    }

    [Fact]
    public void Reports_about_another_parcel_are_ignored()
    {
        var state = Opened();

        Assert.False(SellerOrderCore.IsOurs(state, Guid.NewGuid()));
        Assert.True(Step(state, new ParcelDelivered(Guid.NewGuid(), Now)).IsEmpty);
        Assert.Equal(SellerOrderStatus.AwaitingShipment, state.Status);
    }

    [Fact]
    public void Every_status_change_carries_the_sub_orders_price_breakdown_with_the_platform_funded_discount()
    {
        // 2 × 1,200 listed, on sale at 1,000 (seller-funded 400), and 150 off by the platform's code; 1 × 500 at list price.
        var lines = new List<OrderLine>
        {
            new(Guid.NewGuid(), "KETTLE-1", Kettles, "Kettle", 1000m, 2, ListPrice: 1200m, PromoDiscount: 150m),
            new(Guid.NewGuid(), "LID-1", Kettles, "Lid", 500m, 1, ListPrice: 500m),
        };
        var state = new SellerOrderState();
        var opened = Step(state, new OpenSubOrder(SellerOrderId, Opening with { Lines = lines, PromoCode = "WINTER" }));
        Step(state, new ParcelHandedOver(state.ShipmentId, "TRK"));
        var delivered = Step(state, new ParcelDelivered(state.ShipmentId, Now));

        var expected = new PriceBreakdown(ListTotal: 2900m, SellerDiscount: 400m, PromoDiscount: 150m, Paid: 2350m);
        Assert.Equal(expected, state.Breakdown);
        Assert.Equal(2500m, state.Breakdown.SellerRevenue);
        foreach (var published in opened.Published.Concat(delivered.Published).Cast<SellerOrderStatusChanged>())
        {
            Assert.Equal((expected, "RUB", "WINTER"), (published.Breakdown, published.Currency, published.PromoCode));
        }
        Assert.Equal(925m, lines[0].PaidUnitPrice);
    }
}
