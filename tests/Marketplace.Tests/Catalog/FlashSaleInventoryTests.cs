using System.Collections.Concurrent;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Silo.Storage;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Marketplace.Tests.Catalog;

/// <summary>
/// One SKU's stock on PostgreSQL while hundreds of shoppers race for it: the inventory grain decides every reservation
/// in memory and lets those that arrive during a write share the next one. Exactly the stock is sold, the writes are
/// shared, and what a cluster started afterwards reads from the store is what was acknowledged, also after a silo is
/// killed mid-sale or a write fails.
/// </summary>
public sealed class FlashSaleInventoryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private Dictionary<string, string?> Settings => new()
    {
        ["Storage:Profile"] = "Durable",
        ["Storage:Postgres"] = database.ConnectionString,
        ["Storage:Redis"] = TestStores.Redis,
    };

    [Fact]
    public async Task Racing_shoppers_get_exactly_the_stock_in_shared_writes_and_a_restarted_cluster_reads_what_they_were_told()
    {
        const int units = 3_000;
        const int shoppers = 500;
        var serviceId = $"flash-sale-{Guid.NewGuid():N}";
        var writes = new WriteFaults();
        string sku;
        Guid productId;
        var sale = new Sale();
        List<Guid> sold;
        await using (var cluster = await MarketplaceTestCluster.StartAsync(Settings, serviceId: serviceId, replaceServices: s => Inject(s, writes)))
        {
            (productId, sku) = await NewSku(cluster, units);
            var inventory = Inventory(cluster, productId, sku);
            // Counts the stock's writes (it never fails one).
            var counted = writes.Add([FaultyGrainStorage.Record(inventory.GetGrainId())], failAt: int.MaxValue, FaultMoment.BeforeStore);

            await sale.Run(inventory, shoppers);

            Assert.Equal((units, shoppers, 0), (sale.Acknowledged.Count, sale.Refused, sale.Failed));
            Assert.Equal(new StockLevel(units, units), await inventory.Get());
            Assert.True(counted.Writes < units / 4, $"{units} reservations took {counted.Writes} writes: they were not shared");

            // Commits race too, and share their writes the same way.
            sold = sale.Acknowledged.Take(1_000).ToList();
            await Task.WhenAll(sold.Select(order => inventory.Commit(order)));
            Assert.Equal(new StockLevel(units - sold.Count, units - sold.Count), await inventory.Get());
        }

        await using (var reader = await MarketplaceTestCluster.StartAsync(Settings, serviceId: serviceId))
        {
            var inventory = Inventory(reader, productId, sku);
            Assert.Equal(new StockLevel(units - sold.Count, units - sold.Count), await inventory.Get());
            // Every order still holding its unit is held in the store: reserving it again takes nothing more.
            await Task.WhenAll(sale.Acknowledged.Except(sold).Select(order => inventory.Reserve(order, 1)));
            Assert.Equal(new StockLevel(units - sold.Count, units - sold.Count), await inventory.Get());
            await Assert.ThrowsAsync<ConflictException>(() => inventory.Reserve(Guid.NewGuid(), 1));
        }
    }

    [Fact]
    public async Task A_silo_killed_mid_sale_leaves_every_acknowledged_reservation_stored_and_sold_plus_available_the_stock()
    {
        // Enough units that the sale is still selling when the kill lands: on a quiet machine 2,000 sold out meanwhile.
        const int units = 10_000;
        var serviceId = $"flash-sale-kill-{Guid.NewGuid():N}";
        string sku;
        Guid productId;
        var sale = new Sale();
        await using (var cluster = await MarketplaceTestCluster.StartAsync(Settings, serviceId: serviceId))
        {
            (productId, sku) = await NewSku(cluster, units);
            var running = sale.Run(Inventory(cluster, productId, sku), shoppers: 300);
            await Eventually.Until(() => Task.FromResult(sale.Acknowledged.Count), n => n >= 300, TimeSpan.FromSeconds(60), "the sale to be under way");
            await cluster.KillSiloAsync(cluster.Silos[0]);
            await running;
        }
        Assert.InRange(sale.Acknowledged.Count, 300, units - 1);

        await using (var reader = await MarketplaceTestCluster.StartAsync(Settings, serviceId: serviceId))
        {
            var inventory = Inventory(reader, productId, sku);
            var stored = await inventory.Get();
            Assert.Equal(units, stored.OnHand);
            Assert.InRange(stored.Reserved, sale.Acknowledged.Count, units);
            // Each acknowledged order is among the stored ones: reserving it again takes nothing more.
            await Task.WhenAll(sale.Acknowledged.Select(order => inventory.Reserve(order, 1)));
            Assert.Equal(stored, await inventory.Get());

            // The sale goes on after the restart and still ends at exactly the stock.
            var rest = new Sale();
            await rest.Run(inventory, shoppers: 100);
            Assert.Equal((units - stored.Reserved, 100, 0), (rest.Acknowledged.Count, rest.Refused, rest.Failed));
            Assert.Equal(new StockLevel(units, units), await inventory.Get());
        }
    }

    [Theory]
    [InlineData(FaultMoment.BeforeStore)]
    [InlineData(FaultMoment.AfterStore)]
    public async Task A_failed_write_fails_every_reservation_decided_on_it_and_memory_goes_back_to_the_store(FaultMoment moment)
    {
        const int units = 1_000;
        const int orders = 200;
        var serviceId = $"flash-sale-fault-{Guid.NewGuid():N}";
        var faults = new WriteFaults();
        var requested = Enumerable.Range(0, orders).Select(_ => Guid.NewGuid()).ToList();
        var acknowledged = new ConcurrentBag<Guid>();
        var failed = 0;
        string sku;
        Guid productId;
        await using (var cluster = await MarketplaceTestCluster.StartAsync(Settings, serviceId: serviceId, replaceServices: s => Inject(s, faults)))
        {
            (productId, sku) = await NewSku(cluster, units);
            var inventory = Inventory(cluster, productId, sku);
            // The race's first reservation is written alone (nothing was in flight); the second write carries the
            // reservations decided meanwhile, and fails.
            var plan = faults.Add([FaultyGrainStorage.Record(inventory.GetGrainId())], failAt: 2, moment);
            await Task.WhenAll(requested.Select(async order =>
            {
                try
                {
                    await inventory.Reserve(order, 1);
                    acknowledged.Add(order);
                }
                catch (Exception e) when (e is not ConflictException)
                {
                    Interlocked.Increment(ref failed);
                }
            }));
            Assert.NotNull(plan.Failed);
            Assert.InRange(failed, 1, orders - 1);
            Assert.Equal(orders, acknowledged.Count + failed);
            // The next activation started from the store: what it holds is at least what was acknowledged.
            var afterFailure = await inventory.Get();
            Assert.InRange(afterFailure.Reserved, acknowledged.Count, orders);
        }

        await using (var reader = await MarketplaceTestCluster.StartAsync(Settings, serviceId: serviceId))
        {
            var inventory = Inventory(reader, productId, sku);
            var stored = await inventory.Get();
            // Before the store had it: exactly the acknowledged ones. After (the answer lost): those and the failed batch.
            if (moment == FaultMoment.BeforeStore)
            {
                Assert.Equal(new StockLevel(units, acknowledged.Count), stored);
            }
            Assert.InRange(stored.Reserved, acknowledged.Count, orders);
            await Task.WhenAll(acknowledged.Select(order => inventory.Reserve(order, 1)));
            Assert.Equal(stored, await inventory.Get());

            // The checkout retries what failed with the same order ids: each order holds one unit, once.
            await Task.WhenAll(requested.Select(order => inventory.Reserve(order, 1)));
            Assert.Equal(new StockLevel(units, orders), await inventory.Get());
        }
    }

    /// <summary>Shoppers that each reserve one unit after another (a new order each) until told the SKU is sold out.</summary>
    private sealed class Sale
    {
        private int _refused;
        private int _failed;

        public ConcurrentQueue<Guid> Acknowledged { get; } = new();
        public int Refused => _refused;
        public int Failed => _failed;

        public Task Run(IInventoryGrain inventory, int shoppers) => Task.WhenAll(Enumerable.Range(0, shoppers).Select(async _ =>
        {
            while (true)
            {
                var order = Guid.NewGuid();
                try
                {
                    await inventory.Reserve(order, 1);
                    Acknowledged.Enqueue(order);
                }
                catch (ConflictException)
                {
                    Interlocked.Increment(ref _refused);
                    return;
                }
                catch (Exception)
                {
                    // The silo went away: this shopper's last order may or may not be stored, and was not acknowledged.
                    Interlocked.Increment(ref _failed);
                    return;
                }
            }
        }));
    }

    private static async Task<(Guid ProductId, string Sku)> NewSku(InProcessTestCluster cluster, int units)
    {
        var product = await cluster.Client.PublishedProduct(await cluster.Client.ActiveSeller(), CatalogSeeding.Kettle(100m, units));
        return (product.ProductId, product.Variants[0].Sku);
    }

    private static IInventoryGrain Inventory(InProcessTestCluster cluster, Guid productId, string sku) =>
        cluster.Client.GetGrain<IInventoryGrain>(InventoryKey.For(productId, sku));

    /// <summary>The products store (the stock's) with the planned failures beneath the silo's own guard.</summary>
    private static void Inject(IServiceCollection services, WriteFaults faults) =>
        services.AddKeyedSingleton<IGrainStorage>(StorageNames.Products, (provider, _) => MarketplaceGrainStorage.Guarded(provider,
            new FaultyGrainStorage(provider.GetRequiredKeyedService<IGrainStorage>(MarketplaceGrainStorage.Unguarded(StorageNames.Products)), faults)));
}
