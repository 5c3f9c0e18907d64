using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Payments.Storage;
using Marketplace.Ordering;
using Marketplace.Payments;
using Marketplace.Silo.Storage;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Marketplace.Tests.Checkout;

/// <summary>
/// Checkouts on PostgreSQL and Redis in which one write fails: the order's, its sub-order's, its stock's or its
/// payment's, at every position in the saga, before the store has it or with the answer lost after. Each must end
/// Paid with its sub-orders or Failed with its stock and money released, and a cluster started afterwards must read
/// that same outcome from the stores: no grain may answer from memory that the store never took.
/// </summary>
public sealed class FailedWriteCheckoutTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    // More than any checkout writes (a paid one: 10, and up to 3 recording delivered outbox events), so the last plans of
    // each kind are never reached: proof that every write was failed once.
    private const int WritesPerCheckout = 15;
    private const int Stock = 5;
    private const int Quantity = 2;

    private sealed record Checkout(string Card, Guid ShopperId, Guid SellerId, Guid ProductId, string Sku, Guid OrderId, WriteFaults.Plan Plan)
    {
        public PlaceOrder Command => CheckoutCluster.Checkout(ShopperId, Card, (ProductId, Sku, Quantity));
        public override string ToString() => $"{Card} checkout with {Plan}";
    }

    [Fact]
    public async Task A_write_failing_at_any_saga_step_still_ends_paid_with_sub_orders_or_failed_with_everything_released()
    {
        await using var processor = await PaymentGatewayProcess.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Profile"] = "Durable",
            ["Storage:Postgres"] = database.ConnectionString,
            ["Storage:Redis"] = TestStores.Redis,
            ["Payments:GatewayUrl"] = processor.BaseAddress.ToString(),
            ["Payments:FirstRetryDelay"] = "00:00:00.300",
            ["Payments:MaxRetryDelay"] = "00:00:01",
            ["Outbox:ReminderPeriod"] = "00:00:02",
            ["Outbox:FirstRetryDelay"] = "00:00:00.300",
            ["Outbox:MaxRetryDelay"] = "00:00:01",
            ["Ordering:PaymentCheckInterval"] = "00:00:02",
            ["Logistics:Carrier:BaseUrl"] = "http://127.0.0.1:9",
        };
        var serviceId = $"failed-writes-{Guid.NewGuid():N}";
        var faults = new WriteFaults();
        var checkouts = new List<Checkout>();
        var outcomes = new Dictionary<Checkout, OrderStatus>();

        await using (var cluster = await MarketplaceTestCluster.StartAsync(settings, serviceId: serviceId,
            replaceServices: services => InjectFaults(services, faults)))
        {
            var grains = cluster.Client;
            foreach (var card in new[] { "pm_card_visa", "pm_card_declined" })
            {
                foreach (var moment in Enum.GetValues<FaultMoment>())
                {
                    for (var failAt = 1; failAt <= WritesPerCheckout; failAt++)
                    {
                        var sellerId = await grains.ActiveSeller();
                        var product = await grains.PublishedProduct(sellerId, CatalogSeeding.Kettle(100m, Stock));
                        var shopperId = Guid.NewGuid();
                        var sku = product.Variants[0].Sku;
                        var orderId = OrderIds.ForCheckout(shopperId, $"{card}/{product.ProductId},{sku},{Quantity}");
                        // Planned once the catalog is in place: only the saga's own writes count.
                        var plan = faults.Add(
                        [
                            FaultyGrainStorage.Record(grains.GetGrain<IOrderGrain>(orderId).GetGrainId()),
                            FaultyGrainStorage.Record(grains.GetGrain<ISellerOrderGrain>(OrderIds.SellerOrder(orderId, sellerId)).GetGrainId()),
                            FaultyGrainStorage.Record(grains.GetGrain<IInventoryGrain>(InventoryKey.For(product.ProductId, sku)).GetGrainId()),
                            FaultyPaymentRecordStore.Record(OrderIds.Payment(orderId)),
                        ], failAt, moment);
                        checkouts.Add(new Checkout(card, shopperId, sellerId, product.ProductId, sku, orderId, plan));
                    }
                }
            }

            await Task.WhenAll(checkouts.Select(async checkout =>
            {
                var order = grains.GetGrain<IOrderGrain>(checkout.OrderId);
                // A shopper whose checkout failed retries it with the same idempotency key, as the public gateway's clients do.
                await Eventually.Until(() => order.Place(checkout.Command), _ => true, TimeSpan.FromSeconds(60), $"{checkout} to be placed");
                var final = await Eventually.Until(order.Get, o => o.Status is OrderStatus.Paid or OrderStatus.Failed,
                    TimeSpan.FromSeconds(120), $"{checkout} to end");
                lock (outcomes)
                {
                    outcomes[checkout] = final.Status;
                }
            }));
        }

        // Another cluster, after the first stopped: it knows only what the stores hold.
        await using (var reader = await MarketplaceTestCluster.StartAsync(settings, serviceId: serviceId))
        {
            var grains = reader.Client;
            foreach (var checkout in checkouts)
            {
                var order = await grains.GetGrain<IOrderGrain>(checkout.OrderId).Get();
                Assert.True(outcomes[checkout] == order.Status, $"{checkout}: answered {outcomes[checkout]} but the store holds {order.Status}");
                Assert.True((checkout.Card == "pm_card_visa" ? OrderStatus.Paid : OrderStatus.Failed) == order.Status, $"{checkout}: ended {order.Status} ({order.FailureReason})");
                var stock = await grains.GetGrain<IInventoryGrain>(InventoryKey.For(checkout.ProductId, checkout.Sku)).Get();
                var payment = await Payment(grains, checkout.OrderId);
                if (order.Status == OrderStatus.Paid)
                {
                    var sellerOrder = Assert.Single(order.SellerOrders);
                    Assert.Equal(checkout.SellerId, sellerOrder.SellerId);
                    Assert.Equal(SellerOrderStatus.AwaitingShipment, sellerOrder.Status);
                    Assert.True(new StockLevel(Stock - Quantity, 0) == stock, $"{checkout}: stock {stock}");
                    Assert.True(payment is { Status: PaymentStatus.Authorised, ReleasedMinor: 0 }, $"{checkout}: payment {payment?.Status}");
                }
                else
                {
                    Assert.Empty(order.SellerOrders);
                    Assert.True(new StockLevel(Stock, 0) == stock, $"{checkout}: stock {stock} after it failed");
                    Assert.True(payment is null || payment.Status != PaymentStatus.Authorised || payment.ReleasedMinor == payment.AmountMinor,
                        $"{checkout}: payment {payment?.Status} still holds money");
                }
            }
        }

        // Every write of either kind of checkout was the failing one in some checkout: the last plans were never reached.
        foreach (var card in checkouts.Select(c => c.Card).Distinct())
        {
            Assert.Contains(checkouts, c => c.Card == card && c.Plan.Failed is null);
        }
    }

    private static async Task<PaymentView?> Payment(IGrainFactory grains, Guid orderId)
    {
        try
        {
            return await grains.GetGrain<IPaymentGrain>(OrderIds.Payment(orderId)).Get();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>The orders and products stores, and the payment records, with the injected failures beneath the silo's own guard.</summary>
    private void InjectFaults(IServiceCollection services, WriteFaults faults)
    {
        foreach (var store in new[] { StorageNames.Orders, StorageNames.Products })
        {
            services.AddKeyedSingleton<IGrainStorage>(store, (provider, _) => MarketplaceGrainStorage.Guarded(provider,
                new FaultyGrainStorage(provider.GetRequiredKeyedService<IGrainStorage>(MarketplaceGrainStorage.Unguarded(store)), faults)));
        }
        services.AddSingleton<IPaymentRecordStore>(new FaultyPaymentRecordStore(
            new PostgresPaymentRecordStore(NpgsqlDataSource.Create(database.ConnectionString)), faults));
    }
}
