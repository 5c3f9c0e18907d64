using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;
using Orleans.TestingHost;

namespace Marketplace.Tests.Checkout;

/// <summary>
/// An in-memory cluster with catalog, ordering and payments, paying through the real test-mode processor process.
/// Retry delays and reminder periods are shortened to seconds so the failure paths finish within a test; no carrier answers.
/// </summary>
public sealed class CheckoutCluster : IAsyncLifetime
{
    public PaymentGatewayProcess Gateway { get; private set; } = null!;
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Gateway = await PaymentGatewayProcess.StartAsync();
        Cluster = await MarketplaceTestCluster.StartAsync(Settings(Gateway));
    }

    /// <summary>The settings of this cluster: paying through <paramref name="gateway"/>, retries and reminders in seconds, no carrier.</summary>
    public static Dictionary<string, string?> Settings(PaymentGatewayProcess gateway) => new()
    {
        ["Payments:GatewayUrl"] = gateway.BaseAddress.ToString(),
        ["Payments:AttemptTimeout"] = "00:00:01",
        ["Payments:CallTimeout"] = "00:00:03",
        ["Payments:QuickRetries"] = "1",
        ["Payments:FirstRetryDelay"] = "00:00:00.300",
        ["Payments:MaxRetryDelay"] = "00:00:01",
        ["Payments:MaxAuthoriseAttempts"] = "4",
        ["Payments:CircuitBreakDuration"] = "00:00:01",
        ["Outbox:ReminderPeriod"] = "00:00:02",
        ["Outbox:FirstRetryDelay"] = "00:00:00.300",
        ["Outbox:MaxRetryDelay"] = "00:00:01",
        ["Ordering:PaymentCheckInterval"] = "00:00:02",
        // Nothing listens on the discard port: a parcel handed to the carrier stays unregistered.
        ["Logistics:Carrier:BaseUrl"] = "http://127.0.0.1:9",
    };

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Gateway.DisposeAsync();
    }

    /// <summary>An active seller with one published product of one sku, priced and stocked as asked.</summary>
    public async Task<(Guid SellerId, Guid ProductId, string Sku)> NewListing(decimal price, int stock)
    {
        var sellerId = await Grains.ActiveSeller();
        var product = await Grains.PublishedProduct(sellerId, CatalogSeeding.Kettle(price, stock));
        return (sellerId, product.ProductId, product.Variants[0].Sku);
    }

    public Task<StockLevel> Stock(Guid productId, string sku) => Grains.GetGrain<IInventoryGrain>(InventoryKey.For(productId, sku)).Get();

    public static PlaceOrder Checkout(Guid shopperId, string paymentMethod, params (Guid ProductId, string Sku, int Quantity)[] lines) =>
        new(shopperId, $"{paymentMethod}/{string.Join(',', lines)}", lines.Select(l => new OrderLineRequest(l.ProductId, l.Sku, l.Quantity)).ToList(),
            new DeliveryAddress("Ivan Petrov", "Tverskaya 1", null, "Moscow", "125009", "RU", null), paymentMethod);
}

[CollectionDefinition(Name)]
public sealed class CheckoutClusterCollection : ICollectionFixture<CheckoutCluster>
{
    public const string Name = "checkout-cluster";
}
