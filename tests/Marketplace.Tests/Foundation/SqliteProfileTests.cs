using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Operations;
using Marketplace.Ordering;
using Marketplace.Silo.Storage;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;

namespace Marketplace.Tests.Foundation;

/// <summary>
/// The zero-setup profile (one silo, one SQLite file) on a real silo process: what it stores and the reminders it
/// holds outlive a SIGKILL of the silo.
/// </summary>
public sealed class SqliteProfileTests
{
    // Long enough that even a loaded machine kills the silo before the deadline, short enough to keep the test quick.
    private static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task State_in_every_store_and_a_pending_checkout_timeout_survive_killing_the_silo()
    {
        await using var processor = await PaymentGatewayProcess.StartAsync();
        await processor.SetMode("Outage");
        await using var silo = await SqliteSilo.StartAsync(new Dictionary<string, string>
        {
            ["Payments__GatewayUrl"] = processor.BaseAddress.ToString(),
            ["Payments__AttemptTimeout"] = "00:00:01",
            ["Payments__CallTimeout"] = "00:00:02",
            // Far more retries than fit in the timeout: only the order's deadline, enforced by its reminder, can end this checkout.
            ["Payments__MaxAuthoriseAttempts"] = "1000",
            ["Ordering__PaymentTimeout"] = PaymentTimeout.ToString(),
            ["Outbox__ReminderPeriod"] = "00:00:01",
            ["Outbox__FirstRetryDelay"] = "00:00:00.300",
            ["Outbox__MaxRetryDelay"] = "00:00:01",
            ["Ordering__PaymentCheckInterval"] = "00:00:01",
        });
        await AssertReadyChecksTheDatabaseAndEveryStore(silo);

        var client = await silo.ConnectClientAsync();
        // Many grains of every store write at once: one file, so WAL and the busy wait must keep them from failing as locked.
        var expected = StoreCatalog.Backends.Keys
            .SelectMany(store => Enumerable.Range(0, 10).Select(i => (Key: $"{store}/restart-{i}", Value: $"{store}-{Guid.NewGuid()}")))
            .ToDictionary(p => p.Key, p => p.Value);
        await Task.WhenAll(expected.Select(p => client.GetGrain<IStorageProbeGrain>(p.Key).Write(p.Value)));
        var kettle = await client.PublishedProduct(await client.ActiveSeller(), CatalogSeeding.Kettle(100m, stock: 4));
        var sku = kettle.Variants[0].Sku;
        var shopper = Guid.NewGuid();
        var orderId = OrderIds.ForCheckout(shopper, "sqlite-restart");
        var order = client.GetGrain<IOrderGrain>(orderId);
        Assert.Equal(OrderStatus.AwaitingPayment, (await order.Place(CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, sku, 3)))).Status);
        Assert.Equal(OrderStatus.AwaitingPayment, (await order.Get()).Status);

        // Killed, not stopped: nothing is flushed, so only what the SQLite file holds survives.
        await silo.KillAndRestartAsync();
        var reader = await silo.ConnectClientAsync();

        foreach (var (key, value) in expected)
        {
            var record = await Eventually.Until(() => reader.GetGrain<IStorageProbeGrain>(key).Read(), r => r is not null,
                TimeSpan.FromSeconds(30), $"{key} to be readable after the restart");
            Assert.Equal(value, record!.Value);
        }
        // Nothing but the order's reminder, registered before the kill, can fail the order: reading it does not.
        var failed = await Eventually.Until(() => reader.GetGrain<IOrderGrain>(orderId).Get(), o => o.Status == OrderStatus.Failed,
            PaymentTimeout + TimeSpan.FromSeconds(30), "the order's timeout reminder to fail the order after the restart");
        Assert.Contains("not authorised within", failed.FailureReason);
        await Eventually.Until(() => reader.GetGrain<IInventoryGrain>(InventoryKey.For(kettle.ProductId, sku)).Get(),
            stock => stock == new StockLevel(4, 0), TimeSpan.FromSeconds(30), "the failed order's reservation to be released");
    }

    private static async Task AssertReadyChecksTheDatabaseAndEveryStore(SqliteSilo silo)
    {
        using var http = silo.Process.CreateClient();
        // Ready already answered 200 once; on a loaded machine a later round-trip of every store may need another try.
        using var ready = await Eventually.Until(() => http.GetAsync("/health/ready"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30), "ready");
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var checks = report.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("sqlite").GetProperty("status").GetString());
        Assert.Equal($"{StoreCatalog.Backends.Count} stores round-trip", checks.GetProperty("grain-storage").GetProperty("description").GetString());
    }
}
