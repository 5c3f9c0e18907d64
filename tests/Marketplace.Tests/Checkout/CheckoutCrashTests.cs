using Marketplace.Catalog;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.ReadModels;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;

namespace Marketplace.Tests.Checkout;

/// <summary>Checkout sagas on silo processes over PostgreSQL, with a silo killed while payments are in flight.</summary>
public sealed class CheckoutCrashTests
{
    [Fact]
    public async Task Sagas_interrupted_by_a_killed_silo_finish_on_the_survivor_and_stock_adds_up()
    {
        await using var processor = await PaymentGatewayProcess.StartAsync();
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 2, environment: new Dictionary<string, string>
        {
            ["Payments__GatewayUrl"] = processor.BaseAddress.ToString(),
            ["Payments__FirstRetryDelay"] = "00:00:00.500",
            ["Payments__MaxRetryDelay"] = "00:00:02",
            ["Outbox__ReminderPeriod"] = "00:00:05",
            ["Outbox__FirstRetryDelay"] = "00:00:00.300",
            ["Outbox__MaxRetryDelay"] = "00:00:01",
            ["Ordering__PaymentCheckInterval"] = "00:00:05",
        });
        var cluster = await deployment.ConnectClientAsync();
        var sellerId = await cluster.ActiveSeller();
        var productId = (await cluster.PublishedProduct(sellerId, CatalogSeeding.Kettle(100m, stock: 20))).ProductId;

        // Every authorisation takes a while, so the kill lands while sagas wait on the processor.
        await processor.SetMode("Slow", delayMs: 1500);
        var shoppers = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToList();
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
        Assert.Equal(new StockLevel(20 - sold, 0), await cluster.GetGrain<IInventoryGrain>(InventoryKey.For(productId, "SKU-1")).Get());
        foreach (var order in orders)
        {
            Assert.Single(await processor.Authorizations(order.PaymentId!.Value.ToString()));
        }

        // The lists after the kill: an event that died with the silo left its row behind; the operators' repair
        // (what the chaos run ends with) brings the seller's list to exactly the paid sub-orders, and the shoppers' to their orders.
        var operations = cluster.GetGrain<IReadModelOperationsGrain>(0);
        foreach (var readModel in new[] { ReadModelNames.SellerOrders, ReadModelNames.ShopperOrders })
        {
            await operations.Start(readModel, ReadModelJobKind.Repair);
            var repaired = await Eventually.Until(() => operations.Job(readModel), j => j.State != ReadModelJobState.Running,
                TimeSpan.FromSeconds(60), $"the repair of {readModel}");
            Assert.Equal(ReadModelJobState.Succeeded, repaired.State);
            Assert.True(repaired.Report!.Checked >= orders.Count, repaired.Report.ToString());
        }
        var lists = cluster.GetGrain<IOrderListsGrain>(0);
        var sellerList = await lists.Seller(sellerId, 1, 100);
        Assert.Equal(orders.SelectMany(o => o.SellerOrders).Select(s => (s.SellerOrderId, s.Status.ToString())).Order(),
            sellerList.Items.Select(s => (s.Id, s.Status)).Order());
        foreach (var order in orders)
        {
            var row = Assert.Single((await lists.Shopper(order.ShopperId, 1, 10)).Items);
            Assert.Equal((order.OrderId, "Paid"), (row.Id, row.Status));
        }
        var check = await operations.Start(ReadModelNames.SellerOrders, ReadModelJobKind.Check);
        var clean = await Eventually.Until(() => operations.Job(ReadModelNames.SellerOrders), j => j.State != ReadModelJobState.Running,
            TimeSpan.FromSeconds(60), "the check after the repair");
        Assert.True(clean.Report!.Consistent, clean.Report.ToString());
        Assert.Equal(ReadModelJobKind.Check, check.Kind);
    }
}
