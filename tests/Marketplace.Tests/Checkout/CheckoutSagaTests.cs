using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Payments;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Checkout;

/// <summary>The checkout saga on a TestingHost cluster, paying through the real test-mode processor over HTTP.</summary>
[Collection(CheckoutClusterCollection.Name)]
public sealed class CheckoutSagaTests(CheckoutCluster fixture)
{
    private static readonly TimeSpan Settles = TimeSpan.FromSeconds(30);

    private IOrderGrain Order(Guid shopperId, string key) => fixture.Grains.GetGrain<IOrderGrain>(OrderIds.ForCheckout(shopperId, key));

    private Task<OrderView> Settled(IOrderGrain order) =>
        Eventually.Until(order.Get, o => o.Status is not (OrderStatus.Placed or OrderStatus.AwaitingPayment), Settles, "the checkout to settle");

    [Fact]
    public async Task A_cart_from_two_sellers_becomes_one_paid_order_with_two_sub_orders_and_committed_stock()
    {
        var kettle = await fixture.NewListing(1500m, stock: 5);
        var toaster = await fixture.NewListing(2499.99m, stock: 3);
        var shopper = Guid.NewGuid();

        var order = await Order(shopper, "happy").Place(CheckoutCluster.Checkout(shopper, "pm_card_visa",
            (kettle.ProductId, kettle.Sku, 2), (toaster.ProductId, toaster.Sku, 1)));

        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(5499.99m, order.Total);
        Assert.Equal(["Placed", "AwaitingPayment", "Paid"], order.History.Select(h => h.Status));
        Assert.Equal(2, order.SellerOrders.Count);
        Assert.Equal(new[] { kettle.SellerId, toaster.SellerId }.Order(), order.SellerOrders.Select(s => s.SellerId).Order());
        Assert.All(order.SellerOrders, s => Assert.Equal(SellerOrderStatus.AwaitingShipment, s.Status));
        Assert.Equal(new StockLevel(3, 0), await fixture.Stock(kettle.ProductId, kettle.Sku));
        Assert.Equal(new StockLevel(2, 0), await fixture.Stock(toaster.ProductId, toaster.Sku));

        var payment = await fixture.Grains.GetGrain<IPaymentGrain>(order.PaymentId!.Value).Get();
        Assert.Equal((PaymentStatus.Authorised, 549999L), (payment.Status, payment.AmountMinor));
        var held = Assert.Single(await fixture.Gateway.Authorizations(payment.PaymentId.ToString()));
        Assert.Equal("authorized", held.GetProperty("status").GetString());

        // The lists are projections of the orders stream: they follow the order within moments.
        var lists = fixture.Grains.GetGrain<IOrderListsGrain>(0);
        var shopperList = await Eventually.Until(() => lists.Shopper(shopper, 1, 10), l => l.Items is [{ Status: "Paid" }],
            TimeSpan.FromSeconds(10), "the paid order in the shopper's list");
        Assert.Equal(order.OrderId, shopperList.Items[0].OrderId);
        var sellerList = await Eventually.Until(() => lists.Seller(kettle.SellerId, 1, 10), l => l.Items.Count == 1,
            TimeSpan.FromSeconds(10), "the sub-order in the seller's list");
        Assert.Equal(3000m, sellerList.Items[0].Total);
    }

    /// <summary>
    /// The payment and the sub-order are called by the order's outbox effects, which repeat a call until it returns:
    /// once they delivered everything they keep no outbox reminder of their own (a payment answered at its first attempt
    /// never held anything back), while the shipment, whose carrier never answers here, keeps one for its retries.
    /// </summary>
    [Fact]
    public async Task A_paid_checkout_leaves_no_outbox_reminder_on_its_payment_or_sub_order()
    {
        var kettle = await fixture.NewListing(700m, stock: 2);
        var shopper = Guid.NewGuid();
        await Order(shopper, "no-reminders").Place(CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 1)));
        var order = await Settled(Order(shopper, "no-reminders"));

        Assert.Equal(OrderStatus.Paid, order.Status);
        var reminders = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        async Task<IEnumerable<string>> RemindersOf(IAddressable grain) =>
            (await reminders.ReadRows(grain.GetGrainId())).Reminders.Select(r => r.ReminderName);
        var subOrder = Assert.Single(order.SellerOrders);
        Assert.Empty(await RemindersOf(fixture.Grains.GetGrain<ISellerOrderGrain>(subOrder.SellerOrderId)));
        var payment = fixture.Grains.GetGrain<IPaymentGrain>(order.PaymentId!.Value);
        if ((await payment.Get()).Operations.Single().Attempts == 1)
        {
            Assert.Empty(await RemindersOf(payment));
        }
    }

    [Fact]
    public async Task Delivery_captures_the_sub_orders_share_and_a_failed_delivery_releases_it_and_restocks()
    {
        var kettle = await fixture.NewListing(1000m, stock: 4);
        var toaster = await fixture.NewListing(250m, stock: 4);
        var shopper = Guid.NewGuid();
        var order = await Order(shopper, "delivery").Place(CheckoutCluster.Checkout(shopper, "pm_card_visa",
            (kettle.ProductId, kettle.Sku, 1), (toaster.ProductId, toaster.Sku, 2)));
        var delivered = order.SellerOrders.Single(s => s.SellerId == kettle.SellerId);
        var failed = order.SellerOrders.Single(s => s.SellerId == toaster.SellerId);

        var deliveredGrain = fixture.Grains.GetGrain<ISellerOrderGrain>(delivered.SellerOrderId);
        await deliveredGrain.OnShipmentHandedOver(delivered.ShipmentId, "TRK-1");
        await deliveredGrain.OnShipmentDelivered(delivered.ShipmentId, DateTimeOffset.UtcNow);
        await deliveredGrain.OnShipmentDelivered(delivered.ShipmentId, DateTimeOffset.UtcNow);
        await fixture.Grains.GetGrain<ISellerOrderGrain>(failed.SellerOrderId).OnShipmentFailed(failed.ShipmentId, "nobody home");

        var payment = await fixture.Grains.GetGrain<IPaymentGrain>(order.PaymentId!.Value).Get();
        Assert.Equal((100000L, 50000L, 0L), (payment.CapturedMinor, payment.ReleasedMinor, payment.RefundedMinor));
        var atProcessor = Assert.Single(await fixture.Gateway.Authorizations(payment.PaymentId.ToString()));
        Assert.Equal((100000L, 50000L), (atProcessor.GetProperty("captured").GetInt64(), atProcessor.GetProperty("reversed").GetInt64()));
        Assert.Equal(new StockLevel(4, 0), await fixture.Stock(toaster.ProductId, toaster.Sku));
        Assert.Equal(new StockLevel(3, 0), await fixture.Stock(kettle.ProductId, kettle.Sku));
        var view = await Order(shopper, "delivery").Get();
        Assert.Equal([SellerOrderStatus.Delivered, SellerOrderStatus.DeliveryFailed],
            new[] { delivered.SellerOrderId, failed.SellerOrderId }.Select(id => view.SellerOrders.Single(s => s.SellerOrderId == id).Status));
        await Assert.ThrowsAsync<ConflictException>(() => Order(shopper, "delivery").Cancel(shopper, null));
    }

    [Fact]
    public async Task A_declined_card_fails_the_order_with_the_reason_and_releases_every_reservation()
    {
        var kettle = await fixture.NewListing(700m, stock: 2);
        var toaster = await fixture.NewListing(300m, stock: 1);
        var shopper = Guid.NewGuid();

        var order = await Order(shopper, "declined").Place(CheckoutCluster.Checkout(shopper, "pm_card_insufficient_funds",
            (kettle.ProductId, kettle.Sku, 2), (toaster.ProductId, toaster.Sku, 1)));

        Assert.Equal(OrderStatus.Failed, order.Status);
        Assert.Contains("insufficient_funds", order.FailureReason);
        Assert.Empty(order.SellerOrders);
        Assert.Equal(new StockLevel(2, 0), await fixture.Stock(kettle.ProductId, kettle.Sku));
        Assert.Equal(new StockLevel(1, 0), await fixture.Stock(toaster.ProductId, toaster.Sku));
        Assert.Equal(PaymentStatus.Declined, (await fixture.Grains.GetGrain<IPaymentGrain>(order.PaymentId!.Value).Get()).Status);
    }

    [Fact]
    public async Task The_same_request_sent_concurrently_and_again_places_one_order_and_one_authorisation()
    {
        var kettle = await fixture.NewListing(100m, stock: 10);
        var shopper = Guid.NewGuid();
        var request = CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 3));

        var orders = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Order(shopper, "twice").Place(request)));
        var again = await Order(shopper, "twice").Place(request);

        Assert.Single(orders.Append(again).Select(o => o.OrderId).Distinct());
        Assert.All(orders.Append(again), o => Assert.Equal(OrderStatus.Paid, o.Status));
        Assert.Equal(new StockLevel(7, 0), await fixture.Stock(kettle.ProductId, kettle.Sku));
        Assert.Single(await fixture.Gateway.Authorizations(again.PaymentId!.Value.ToString()));
        await Assert.ThrowsAsync<ConflictException>(() => Order(shopper, "twice").Place(request with { RequestHash = "another request" }));
    }

    [Fact]
    public async Task Two_shoppers_racing_for_the_last_unit_exactly_one_wins()
    {
        var kettle = await fixture.NewListing(100m, stock: 1);
        var shoppers = new[] { Guid.NewGuid(), Guid.NewGuid() };

        var orders = await Task.WhenAll(shoppers.Select(s => Order(s, "race").Place(CheckoutCluster.Checkout(s, "pm_card_visa", (kettle.ProductId, kettle.Sku, 1)))));

        Assert.Single(orders, o => o.Status == OrderStatus.Paid);
        var loser = Assert.Single(orders, o => o.Status == OrderStatus.Failed);
        Assert.Contains("Out of stock", loser.FailureReason);
        Assert.Equal(new StockLevel(0, 0), await fixture.Stock(kettle.ProductId, kettle.Sku));
    }

    [Fact]
    public async Task A_processor_outage_sends_the_payment_to_the_retry_path_which_fails_it_and_releases_the_stock()
    {
        var kettle = await fixture.NewListing(100m, stock: 3);
        var shopper = Guid.NewGuid();
        await fixture.Gateway.SetMode("Outage");
        try
        {
            var placed = await Order(shopper, "outage").Place(CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 2)));
            Assert.Equal(OrderStatus.AwaitingPayment, placed.Status);
            Assert.Equal(new StockLevel(3, 2), await fixture.Stock(kettle.ProductId, kettle.Sku));

            var order = await Settled(Order(shopper, "outage"));

            Assert.Equal(OrderStatus.Failed, order.Status);
            Assert.Contains("unreachable", order.FailureReason);
            Assert.Equal(new StockLevel(3, 0), await fixture.Stock(kettle.ProductId, kettle.Sku));
            var payment = await fixture.Grains.GetGrain<IPaymentGrain>(order.PaymentId!.Value).Get();
            Assert.Equal((PaymentStatus.Failed, 4), (payment.Status, payment.Operations.Single().Attempts));
        }
        finally
        {
            await fixture.Gateway.SetMode("Normal");
        }
    }

    [Fact]
    public async Task A_short_outage_is_ridden_out_by_the_retry_path_and_the_order_is_paid()
    {
        var kettle = await fixture.NewListing(100m, stock: 3);
        var shopper = Guid.NewGuid();
        // The first call and its quick retry fail; the grain's slow retry then gets through.
        await fixture.Gateway.SetMode("Normal", failNext: 2);

        var placed = await Order(shopper, "blip").Place(CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 1)));
        var order = await Settled(Order(shopper, "blip"));

        Assert.Equal(OrderStatus.AwaitingPayment, placed.Status);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(new StockLevel(2, 0), await fixture.Stock(kettle.ProductId, kettle.Sku));
        Assert.Single(await fixture.Gateway.Authorizations(order.PaymentId!.Value.ToString()));
    }

    [Fact]
    public async Task A_capture_owed_during_an_outage_is_taken_once_the_processor_is_back_and_refunds_never_exceed_it()
    {
        var kettle = await fixture.NewListing(300m, stock: 2);
        var shopper = Guid.NewGuid();
        var order = await Order(shopper, "capture-outage").Place(CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 1)));
        var subOrder = Assert.Single(order.SellerOrders);
        var payment = fixture.Grains.GetGrain<IPaymentGrain>(order.PaymentId!.Value);

        await fixture.Gateway.SetMode("Outage");
        try
        {
            await fixture.Grains.GetGrain<ISellerOrderGrain>(subOrder.SellerOrderId).OnShipmentDelivered(subOrder.ShipmentId, DateTimeOffset.UtcNow);
            var owed = Assert.Single((await payment.Get()).Operations, o => o.Kind == PaymentOperationKind.Capture);
            Assert.Equal(PaymentOperationStatus.Pending, owed.Status);
        }
        finally
        {
            await fixture.Gateway.SetMode("Normal");
        }

        var captured = await Eventually.Until(payment.Get, p => p.CapturedMinor == 30000, Settles, "the owed capture to be taken");
        Assert.Equal(PaymentOperationStatus.Succeeded, captured.Operations.Single(o => o.Kind == PaymentOperationKind.Capture).Status);
        Assert.Equal(30000L, Assert.Single(await fixture.Gateway.Authorizations(captured.PaymentId.ToString())).GetProperty("captured").GetInt64());

        var refundId = Guid.NewGuid();
        await payment.Refund(refundId, 10000);
        var refunded = await payment.Refund(refundId, 10000);
        Assert.Equal(10000L, refunded.RefundedMinor);
        Assert.Equal(10000L, Assert.Single(await fixture.Gateway.Authorizations(captured.PaymentId.ToString())).GetProperty("refunded").GetInt64());
        await Assert.ThrowsAsync<ValidationException>(() => payment.Refund(Guid.NewGuid(), 20001));
    }

    [Fact]
    public async Task Cancelling_a_paid_order_before_shipment_releases_the_money_and_restocks()
    {
        var kettle = await fixture.NewListing(100m, stock: 3);
        var toaster = await fixture.NewListing(50m, stock: 3);
        var shopper = Guid.NewGuid();
        var order = Order(shopper, "cancel");
        await order.Place(CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 1), (toaster.ProductId, toaster.Sku, 2)));

        await Assert.ThrowsAsync<NotFoundException>(() => order.Cancel(Guid.NewGuid(), null));
        var cancelled = await order.Cancel(shopper, "changed my mind");
        var again = await order.Cancel(shopper, null);

        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Equal(OrderStatus.Cancelled, again.Status);
        Assert.All(cancelled.SellerOrders, s => Assert.Equal(SellerOrderStatus.Cancelled, s.Status));
        Assert.Equal(new StockLevel(3, 0), await fixture.Stock(kettle.ProductId, kettle.Sku));
        Assert.Equal(new StockLevel(3, 0), await fixture.Stock(toaster.ProductId, toaster.Sku));
        var payment = await fixture.Grains.GetGrain<IPaymentGrain>(cancelled.PaymentId!.Value).Get();
        Assert.Equal((0L, 20000L), (payment.CapturedMinor, payment.ReleasedMinor));
        Assert.Equal("closed", Assert.Single(await fixture.Gateway.Authorizations(payment.PaymentId.ToString())).GetProperty("status").GetString());
        foreach (var sellerOrder in cancelled.SellerOrders)
        {
            var shipment = await fixture.Grains.GetGrain<IShipmentGrain>(sellerOrder.ShipmentId).Get();
            Assert.Equal(ShipmentStatus.Cancelled, shipment.Status);
        }
    }

    [Fact]
    public async Task A_parcel_handed_over_before_its_report_arrives_still_blocks_the_cancel()
    {
        var kettle = await fixture.NewListing(100m, stock: 3);
        var shopper = Guid.NewGuid();
        var order = Order(shopper, "handed-over");
        var placed = await order.Place(CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 1)));
        var sellerOrder = Assert.Single(placed.SellerOrders);
        var shipment = fixture.Grains.GetGrain<IShipmentGrain>(sellerOrder.ShipmentId);
        await Eventually.Until(async () => (await shipment.Get()).Status == ShipmentStatus.Created, Settles, "the shipment to be opened");
        await shipment.MarkPacked(kettle.SellerId, null);
        // No carrier answers in this cluster, so the parcel is handed over but the sub-order never hears of it.
        await shipment.HandOver(kettle.SellerId, new HandOverShipment(DeliveryChannel.Carrier, null));
        var unreported = await fixture.Grains.GetGrain<ISellerOrderGrain>(sellerOrder.SellerOrderId).Get();
        Assert.Equal(SellerOrderStatus.AwaitingShipment, unreported.Status);

        await Assert.ThrowsAsync<ConflictException>(() => fixture.Grains.GetGrain<ISellerOrderGrain>(sellerOrder.SellerOrderId).Cancel("too late"));
        await Assert.ThrowsAsync<ConflictException>(() => order.Cancel(shopper, "too late"));
        Assert.Equal(new StockLevel(2, 0), await fixture.Stock(kettle.ProductId, kettle.Sku));
        var payment = await fixture.Grains.GetGrain<IPaymentGrain>(placed.PaymentId!.Value).Get();
        Assert.Equal((PaymentStatus.Authorised, 0L), (payment.Status, payment.ReleasedMinor));
    }

    [Fact]
    public async Task Someone_elses_order_cannot_be_read_and_an_unknown_product_is_refused()
    {
        var kettle = await fixture.NewListing(100m, stock: 3);
        var shopper = Guid.NewGuid();
        var order = Order(shopper, "private");
        await order.Place(CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 1)));

        await Assert.ThrowsAsync<NotFoundException>(() => order.GetFor(Guid.NewGuid()));
        Assert.Equal(shopper, (await order.GetFor(shopper)).ShopperId);
        await Assert.ThrowsAsync<ConflictException>(() => Order(shopper, "unknown").Place(
            CheckoutCluster.Checkout(shopper, "pm_card_visa", (Guid.NewGuid(), "NOPE", 1))));
        await Assert.ThrowsAsync<ValidationException>(() => Order(shopper, "empty").Place(CheckoutCluster.Checkout(shopper, "pm_card_visa")));
    }
}
