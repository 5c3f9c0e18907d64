using Marketplace.Catalog;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.ReadModels;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;
using Marketplace.Tests.ReadModels;

namespace Marketplace.Tests.Checkout;

/// <summary>
/// Forty checkouts on silo processes over PostgreSQL, with a silo killed while payments are in flight: every saga ends
/// paid on the survivor, and the read models end equal to the aggregates without any repair, since every event left
/// through an outbox (issue 10 item 6).
/// </summary>
public sealed class CheckoutCrashTests
{
    private const int Shoppers = 40;
    private const int Stock = 200;

    [Fact]
    public async Task Sagas_interrupted_by_a_killed_silo_finish_on_the_survivor_and_stock_adds_up()
    {
        await using var processor = await PaymentGatewayProcess.StartAsync();
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 2, environment: new Dictionary<string, string>
        {
            ["Payments__GatewayUrl"] = processor.BaseAddress.ToString(),
            ["Payments__FirstRetryDelay"] = "00:00:00.500",
            ["Payments__MaxRetryDelay"] = "00:00:02",
            // Forty slow authorisations and a kill may open the processor circuit: the retries must outlast its break.
            ["Payments__CircuitBreakDuration"] = "00:00:02",
            ["Payments__MaxAuthoriseAttempts"] = "12",
            ["Outbox__ReminderPeriod"] = "00:00:05",
            ["Outbox__FirstRetryDelay"] = "00:00:00.300",
            ["Outbox__MaxRetryDelay"] = "00:00:01",
            ["Ordering__PaymentCheckInterval"] = "00:00:05",
        });
        var cluster = await deployment.ConnectClientAsync();
        var sellerId = await cluster.ActiveSeller();
        var productId = (await cluster.PublishedProduct(sellerId, CatalogSeeding.Kettle(100m, stock: Stock))).ProductId;

        // Every authorisation takes a while, so the kill lands while sagas wait on the processor.
        await processor.SetMode("Slow", delayMs: 1500);
        var shoppers = Enumerable.Range(0, Shoppers).Select(_ => Guid.NewGuid()).ToList();
        PlaceOrder Request(Guid shopper, int quantity) => new(shopper, "crash", [new OrderLineRequest(productId, "SKU-1", quantity)],
            new DeliveryAddress("Ivan Petrov", "Tverskaya 1", null, "Moscow", "125009", "RU", null), "pm_card_visa");
        IOrderGrain Order(Guid shopper) => cluster.GetGrain<IOrderGrain>(OrderIds.ForCheckout(shopper, "crash"));
        var placing = shoppers.Select((s, i) => Order(s).Place(Request(s, 1 + i % 3))).ToList();

        // Kill once sagas hold reservations, i.e. while they wait on the slow processor.
        await Eventually.Until(() => cluster.GetGrain<IInventoryGrain>(InventoryKey.For(productId, "SKU-1")).Get(),
            stock => stock.Reserved > 0, TimeSpan.FromSeconds(30), "a saga to reserve stock");
        await deployment.Silos[0].KillAsync();
        await processor.SetMode("Normal");

        // A client whose call died with the silo retries with the same idempotency key, as a shopper's app would.
        foreach (var (shopper, i) in shoppers.Select((s, i) => (s, i)))
        {
            try
            {
                await placing[i];
            }
            catch (Exception)
            {
                await Eventually.Until(() => Order(shopper).Place(Request(shopper, 1 + i % 3)), _ => true, TimeSpan.FromSeconds(60), "the retried checkout");
            }
        }
        var orders = new List<OrderView>();
        foreach (var shopper in shoppers)
        {
            orders.Add(await Eventually.Until(() => Order(shopper).Get(), o => o.Status is OrderStatus.Paid or OrderStatus.Failed,
                TimeSpan.FromSeconds(90), $"the checkout of {shopper} to finish after the kill"));
        }

        Assert.All(orders, o => Assert.Equal(OrderStatus.Paid, o.Status));
        var sold = orders.Sum(o => o.Lines.Sum(l => l.Quantity));
        Assert.Equal(new StockLevel(Stock - sold, 0), await cluster.GetGrain<IInventoryGrain>(InventoryKey.For(productId, "SKU-1")).Get());
        foreach (var order in orders)
        {
            Assert.Single(await processor.Authorizations(order.PaymentId!.Value.ToString()));
        }

        // The lists after the kill, with no repair: what the killed silo had written but not yet sent left through the
        // outboxes of the survivor, so the seller's list becomes exactly the paid sub-orders, and each shopper's their order.
        var lists = cluster.GetGrain<IOrderListsGrain>(0);
        var paidSubOrders = orders.SelectMany(o => o.SellerOrders).Select(s => (s.SellerOrderId, s.Status.ToString())).Order().ToList();
        var sellerList = await Eventually.Until(() => lists.Seller(sellerId, 1, 100), l => l.Items.Select(s => (s.Id, s.Status)).Order().SequenceEqual(paidSubOrders),
            TimeSpan.FromSeconds(90), "the seller's list to equal the paid sub-orders");
        Assert.Equal(Shoppers, sellerList.Total);
        foreach (var order in orders)
        {
            var row = await Eventually.Until(() => lists.Shopper(order.ShopperId, 1, 10), l => l.Items is [{ Status: "Paid" }],
                TimeSpan.FromSeconds(60), $"the paid order in the list of {order.ShopperId}");
            Assert.Equal(order.OrderId, row.Items[0].Id);
            await Eventually.Until(async () => (await cluster.GetGrain<IPurchaseHistoryGrain>(0).List(order.ShopperId, 1, 10)).Total == 1,
                TimeSpan.FromSeconds(60), $"the purchase of {order.ShopperId}");
        }

        // The operators' check agrees, and a rebuild from the aggregates gives the lists the projections wrote.
        foreach (var readModel in new[] { ReadModelNames.SellerOrders, ReadModelNames.ShopperOrders, ReadModelNames.PurchaseHistory })
        {
            var check = await ReadModelJobs.Run(cluster, readModel, ReadModelJobKind.Check);
            Assert.True(check.Consistent && check.Checked >= orders.Count, $"{readModel}: {check}");
        }
        var purchasesBefore = await Task.WhenAll(orders.Select(o => cluster.GetGrain<IPurchaseHistoryGrain>(0).List(o.ShopperId, 1, 10)));
        foreach (var readModel in new[] { ReadModelNames.SellerOrders, ReadModelNames.PurchaseHistory })
        {
            await ReadModelJobs.Run(cluster, readModel, ReadModelJobKind.Rebuild);
        }
        Assert.Equal(sellerList.Items, (await lists.Seller(sellerId, 1, 100)).Items);
        var purchasesAfter = await Task.WhenAll(orders.Select(o => cluster.GetGrain<IPurchaseHistoryGrain>(0).List(o.ShopperId, 1, 10)));
        Assert.Equal(purchasesBefore.SelectMany(p => p.Items), purchasesAfter.SelectMany(p => p.Items));
    }
}
