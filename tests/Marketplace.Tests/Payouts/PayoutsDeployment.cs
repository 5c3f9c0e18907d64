using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Ordering;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Logistics;

namespace Marketplace.Tests.Payouts;

/// <summary>
/// The logistics deployment (silo, three gateways, card processor and carrier as real processes on PostgreSQL and
/// Redis) with no scheduled run, so each test starts the runs it checks, and an unanswered payout retried after 15 s,
/// long enough for a test to reconcile it first; and the whole way of a sale over HTTP: bought by a shopper, packed
/// and handed over by the seller, delivered by a courier.
/// </summary>
public sealed class PayoutsDeployment : LogisticsDeployment
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    protected override IReadOnlyDictionary<string, string> MoreEnvironment => new Dictionary<string, string>
    {
        ["Payouts__ScheduleEnabled"] = "false",
        ["Payouts__FirstRetryDelay"] = RetryDelay.ToString(),
        ["Payouts__MaxRetryDelay"] = RetryDelay.ToString(),
    };

    /// <summary>A seller onboarded over HTTP with its bank account and activated by the operator.</summary>
    public async Task<SignedInUser> NewSeller(string name, string accountNumber = "40702810900000000001")
    {
        var seller = await Deployment.CreateClient(Gateway.Seller).SignUpAsync(name);
        await Post(seller.Client, "/sellers", new
        {
            displayName = name, legalName = $"{name} LLC", taxId = "7707083893",
            payout = new { bankName = "Sber", accountNumber, bankCode = "044525225" }, contact = new { email = "owner@shop.test" },
        });
        using var op = await Deployment.CreateClient(Gateway.Seller).SignInAsOperatorAsync();
        using var activated = await op.Client.PutAsJsonAsync($"/operator/sellers/{seller.UserId}/status", new { status = "Active" });
        activated.EnsureSuccessStatusCode();
        return seller;
    }

    /// <summary>A published product of <paramref name="sellerId"/> in <paramref name="category"/> (SKU-1).</summary>
    public async Task<Guid> Listing(Guid sellerId, decimal price, string category = "home/kitchen") =>
        (await Cluster.PublishedProduct(sellerId, CatalogSeeding.Kettle(price, stock: 50) with { Category = category })).ProductId;

    /// <summary>Buys <paramref name="quantity"/> of the product over HTTP (with <paramref name="promoCode"/> if any) and has the parcel delivered; answers the sub-order's id.</summary>
    public async Task<Guid> DeliveredSale(SignedInUser seller, Guid productId, int quantity, string? promoCode = null)
    {
        using var shopper = await Deployment.CreateClient(Gateway.Public).SignUpAsync("Shopper");
        using var placed = await CheckoutOverHttpTests.BuyNow(shopper.Client, $"sale-{Guid.NewGuid():N}", productId, quantity, promoCode);
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var orderId = order.GetProperty("orderId").GetGuid();
        var paid = await Eventually.Until(() => shopper.Client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}"),
            o => o.GetProperty("status").GetString() == "Paid", Patience, "the order paid");
        var subOrder = Assert.Single(paid.GetProperty("sellerOrders").EnumerateArray());
        var subOrderId = subOrder.GetProperty("sellerOrderId").GetGuid();
        var shipmentId = subOrder.GetProperty("shipmentId").GetGuid();

        await Eventually.Until(async () => (await seller.Client.GetAsync($"/shipments/{shipmentId}")).IsSuccessStatusCode, Patience, "the shipment opened");
        await Post(seller.Client, $"/shipments/{shipmentId}/pack", new { location = "warehouse" });
        await Post(seller.Client, $"/shipments/{shipmentId}/hand-over", new { channel = "Courier" });
        using var courier = await Deployment.CreateClient(Gateway.Logistics).SignUpAsync("Courier");
        using var dispatcher = await Deployment.CreateClient(Gateway.Logistics).SignInAsOperatorAsync();
        using (var assigned = await dispatcher.Client.PutAsJsonAsync($"/operator/shipments/{shipmentId}/courier", new { courierId = courier.UserId }))
        {
            assigned.EnsureSuccessStatusCode();
        }
        foreach (var step in new[] { "PickedUp", "InTransit", "OutForDelivery", "Delivered" })
        {
            await Post(courier.Client, $"/courier/shipments/{shipmentId}/updates", new { status = step, updateId = $"{shipmentId}/{step}" });
        }
        await Eventually.Until(async () => (await seller.Client.GetFromJsonAsync<JsonElement>($"/orders/{subOrderId}")).GetProperty("status").GetString() == "Delivered",
            Patience, "the sub-order delivered");
        // The money is captured on delivery: only then is the sale done at the processor too (and a test's processor mode its own).
        await Eventually.Until(async () => (await Processor.Authorizations(OrderIds.Payment(orderId).ToString())).Any(a => a.GetProperty("captured").GetInt64() > 0),
            Patience, "the sale's payment captured");
        return subOrderId;
    }

    /// <summary>Starts a new silo and stops the old one, so every grain reactivates from its store.</summary>
    public async Task ReplaceTheSilo()
    {
        var old = Deployment.Silos[^1];
        await Deployment.StartSiloAsync();
        await old.StopAsync();
    }

    private static async Task Post(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

[CollectionDefinition(Name)]
public sealed class PayoutsDeploymentCollection : ICollectionFixture<PayoutsDeployment>
{
    public const string Name = "payouts deployment";
}
