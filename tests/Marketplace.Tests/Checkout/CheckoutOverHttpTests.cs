using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;

namespace Marketplace.Tests.Checkout;

/// <summary>Real gateways over HTTP, a silo on PostgreSQL and Redis, and the card processor's process, with payment retries in seconds.</summary>
public class CheckoutDeployment : IAsyncLifetime
{
    /// <summary>Settings a derived fixture adds to (or overrides in) the silo's and gateways' environment.</summary>
    protected virtual IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>();

    public PaymentGatewayProcess Processor { get; private set; } = null!;
    public MarketplaceDeployment Deployment { get; private set; } = null!;
    public IClusterClient Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Processor = await PaymentGatewayProcess.StartAsync();
        Deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller],
            environment: new Dictionary<string, string>
            {
                ["Payments__GatewayUrl"] = Processor.BaseAddress.ToString(),
                ["Payments__AttemptTimeout"] = "00:00:01",
                ["Payments__FirstRetryDelay"] = "00:00:00.300",
                ["Payments__MaxRetryDelay"] = "00:00:01",
                ["Payments__MaxAuthoriseAttempts"] = "3",
                ["Outbox__ReminderPeriod"] = "00:00:05",
                ["Outbox__FirstRetryDelay"] = "00:00:00.300",
                ["Outbox__MaxRetryDelay"] = "00:00:01",
                ["Ordering__PaymentCheckInterval"] = "00:00:05",
            }.Concat(MoreSettings).GroupBy(s => s.Key).ToDictionary(s => s.Key, s => s.Last().Value));
        Cluster = await Deployment.ConnectClientAsync();
    }

    public async Task DisposeAsync()
    {
        await Deployment.DisposeAsync();
        await Processor.DisposeAsync();
    }
}

/// <summary>Checkout as shoppers and sellers see it, over HTTP on real stores: every path leaves stock and money consistent.</summary>
public sealed class CheckoutOverHttpTests(CheckoutDeployment fixture) : IClassFixture<CheckoutDeployment>
{
    internal static readonly object Address = new { recipient = "Ivan Petrov", line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" };

    private MarketplaceDeployment Deployment => fixture.Deployment;

    [Fact]
    public async Task A_shopper_checks_out_a_two_seller_cart_once_even_when_the_request_is_sent_twice_and_each_party_sees_only_its_part()
    {
        var deployment = Deployment;
        var cluster = fixture.Cluster;
        using var sellerGateway = deployment.CreateClient(Gateway.Seller);
        using var publicGateway = deployment.CreateClient(Gateway.Public);
        using var kettleSeller = await sellerGateway.SignUpAsync();
        using var toasterSeller = await sellerGateway.SignUpAsync();
        var kettle = await List(cluster, kettleSeller.UserId, 1500m, stock: 5);
        var toaster = await List(cluster, toasterSeller.UserId, 800m, stock: 2);
        using var shopper = await publicGateway.SignUpAsync();
        using var stranger = await publicGateway.SignUpAsync();

        await AddToCart(shopper.Client, kettle, 2);
        await AddToCart(shopper.Client, toaster, 1);
        var body = new { address = Address, paymentMethod = "pm_card_visa" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Checkout(shopper.Client, "checkout-1", body)));
        var orders = await Task.WhenAll(responses.Select(r => CheckoutOutcome.Ended(shopper.Client, r)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var orderId = Assert.Single(orders.Select(o => o.GetProperty("orderId").GetGuid()).Distinct());
        Assert.All(orders, o => Assert.Equal("Paid", o.GetProperty("status").GetString()));
        Assert.Equal(2, orders[0].GetProperty("sellerOrders").GetArrayLength());
        Assert.Equal(new StockLevel(3, 0), await cluster.GetGrain<IInventoryGrain>(InventoryKey.For(kettle, "SKU-1")).Get());
        Assert.Equal(new StockLevel(1, 0), await cluster.GetGrain<IInventoryGrain>(InventoryKey.For(toaster, "SKU-1")).Get());
        Assert.Equal(0, (await shopper.Client.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("itemCount").GetInt32());

        // The lists are projections of the orders stream: they follow the order within moments.
        var list = await Eventually.Until(() => shopper.Client.GetFromJsonAsync<JsonElement>("/orders?page=1&pageSize=10"),
            l => l.GetProperty("items").GetArrayLength() == 1, TimeSpan.FromSeconds(30), "the order in the shopper's list");
        Assert.Equal(orderId, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("orderId").GetGuid());
        using var foreign = await stranger.Client.GetAsync($"/orders/{orderId}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var anonymous = await publicGateway.GetAsync("/orders");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        // The purchase history is a table too: both products, bought, and nothing in a stranger's.
        var purchases = await Eventually.Until(() => shopper.Client.GetFromJsonAsync<JsonElement>("/purchases?pageSize=10"),
            p => p.GetProperty("items").GetArrayLength() == 2, TimeSpan.FromSeconds(30), "the order's products in the purchase history");
        Assert.All(purchases.GetProperty("items").EnumerateArray(), p => Assert.Equal(("Bought", orderId),
            (p.GetProperty("status").GetString(), p.GetProperty("orderId").GetGuid())));
        Assert.Equal(0, (await stranger.Client.GetFromJsonAsync<JsonElement>("/purchases")).GetProperty("total").GetInt32());

        var sellerList = await Eventually.Until(() => kettleSeller.Client.GetFromJsonAsync<JsonElement>("/orders"),
            l => l.GetProperty("items").GetArrayLength() == 1, TimeSpan.FromSeconds(30), "the sub-order in the seller's list");
        var subOrder = Assert.Single(sellerList.GetProperty("items").EnumerateArray());
        Assert.Equal(3000m, subOrder.GetProperty("total").GetDecimal());
        var subOrderId = subOrder.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await kettleSeller.Client.GetAsync($"/orders/{subOrderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await toasterSeller.Client.GetAsync($"/orders/{subOrderId}")).StatusCode);

        await AddToCart(shopper.Client, kettle, 1);
        using var declined = await Checkout(shopper.Client, "checkout-2", body with { paymentMethod = "pm_card_stolen" });
        var failed = await CheckoutOutcome.Ended(shopper.Client, declined);
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Contains("stolen_card", failed.GetProperty("failureReason").GetString());
        Assert.Equal(new StockLevel(3, 0), await cluster.GetGrain<IInventoryGrain>(InventoryKey.For(kettle, "SKU-1")).Get());
        Assert.Equal(1, (await shopper.Client.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("itemCount").GetInt32());
        using var buyNow = await Checkout(shopper.Client, "checkout-3", new { body.address, body.paymentMethod, items = new[] { new { productId = toaster, sku = "SKU-1", quantity = 1 } } });
        Assert.Equal("Paid", (await CheckoutOutcome.Ended(shopper.Client, buyNow)).GetProperty("status").GetString());
        Assert.Equal(new StockLevel(0, 0), await cluster.GetGrain<IInventoryGrain>(InventoryKey.For(toaster, "SKU-1")).Get());
        Assert.Equal(1, (await shopper.Client.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("itemCount").GetInt32());
        using var noKey = await shopper.Client.PostAsJsonAsync("/checkout", body);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
    }

    [Fact]
    public async Task A_processor_outage_ends_in_a_failed_order_with_a_clear_reason_and_the_stock_released()
    {
        using var shopper = await NewShopper();
        var productId = await NewListing(stock: 3);
        await fixture.Processor.SetMode("Outage");
        try
        {
            using var response = await BuyNow(shopper.Client, "outage", productId, 2);
            var placed = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("AwaitingPayment", placed.GetProperty("status").GetString());

            var orderId = placed.GetProperty("orderId").GetGuid();
            var failed = await Eventually.Until(() => shopper.Client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}"),
                o => o.GetProperty("status").GetString() == "Failed", TimeSpan.FromSeconds(30), "the retry path to give up");
            Assert.Contains("unreachable", failed.GetProperty("failureReason").GetString());
            Assert.Equal(new StockLevel(3, 0), await Stock(productId));
        }
        finally
        {
            await fixture.Processor.SetMode("Normal");
        }
    }

    [Fact]
    public async Task Two_shoppers_racing_for_the_last_unit_exactly_one_wins_and_the_other_is_told_it_is_out_of_stock()
    {
        using var first = await NewShopper();
        using var second = await NewShopper();
        var productId = await NewListing(stock: 1);

        var responses = await Task.WhenAll(BuyNow(first.Client, "race", productId, 1), BuyNow(second.Client, "race", productId, 1));
        var shoppers = new[] { first, second };

        // The loser learns it from the checkout's answer: 409 whether the stock refused its order or the product already knew.
        var lost = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        var problem = await lost.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Out of stock", problem.GetProperty("title").GetString());
        Assert.Contains("Out of stock", problem.GetProperty("detail").GetString());
        var won = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        // A slow authorisation answers AwaitingPayment and the saga finishes afterwards: the order's end is read back.
        var winner = shoppers[Array.IndexOf(responses, won)];
        var orderId = (await won.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        await Eventually.Until(() => winner.Client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}"),
            o => o.GetProperty("status").GetString() == "Paid", TimeSpan.FromSeconds(30), "the winning order to be paid");
        Assert.Equal(new StockLevel(0, 0), await Stock(productId));

        // The problem names the failed order, and asked again with its key the checkout says the same.
        var loser = shoppers[Array.IndexOf(responses, lost)];
        var failed = await Eventually.Until(() => loser.Client.GetFromJsonAsync<JsonElement>($"/orders/{problem.GetProperty("orderId").GetGuid()}"),
            o => o.GetProperty("status").GetString() == "Failed", TimeSpan.FromSeconds(30), "the losing order to end");
        Assert.Equal("OutOfStock", failed.GetProperty("failure").GetString());
        using var again = await BuyNow(loser.Client, "race", productId, 1);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_paid_order_cancelled_before_shipment_gives_back_the_stock_and_the_held_money_and_stops_the_parcel()
    {
        using var shopper = await NewShopper();
        var productId = await NewListing(stock: 4);
        using var placed = await BuyNow(shopper.Client, "cancel", productId, 3);
        var order = await CheckoutOutcome.Ended(shopper.Client, placed);
        var orderId = order.GetProperty("orderId").GetGuid();
        Assert.Equal("Paid", order.GetProperty("status").GetString());

        using var cancel = await shopper.Client.PostAsJsonAsync($"/orders/{orderId}/cancel", new { reason = "changed my mind" });
        var cancelled = await cancel.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(new StockLevel(4, 0), await Stock(productId));
        var authorisation = Assert.Single(await fixture.Processor.Authorizations(order.GetProperty("paymentId").GetGuid().ToString()));
        Assert.Equal("closed", authorisation.GetProperty("status").GetString());
        // The order's shipment list is projected from the shipment's events: wait for the cancellation to reach it.
        var shipments = await Eventually.Until(() => shopper.Client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}/shipments"),
            list => list.GetProperty("items").EnumerateArray().Any(s => s.GetProperty("status").GetString() == "Cancelled"),
            TimeSpan.FromSeconds(30), "the cancelled shipment in the order's list");
        Assert.Equal("Cancelled", Assert.Single(shipments.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
    }

    private async Task<SignedInUser> NewShopper()
    {
        using var gateway = Deployment.CreateClient(Gateway.Public);
        return await gateway.SignUpAsync();
    }

    private async Task<Guid> NewListing(int stock) => await List(fixture.Cluster, await fixture.Cluster.ActiveSeller(), 100m, stock);

    private Task<StockLevel> Stock(Guid productId) => fixture.Cluster.GetGrain<IInventoryGrain>(InventoryKey.For(productId, "SKU-1")).Get();

    /// <summary>Checks out <paramref name="quantity"/> units of the product's SKU-1 directly (no cart), with <paramref name="promoCode"/> if any, paying with a card that succeeds unless told another.</summary>
    internal static Task<HttpResponseMessage> BuyNow(HttpClient shopper, string key, Guid productId, int quantity, string? promoCode = null, string paymentMethod = "pm_card_visa") =>
        Checkout(shopper, key, new { address = Address, paymentMethod, promoCode, items = new[] { new { productId, sku = "SKU-1", quantity } } });

    internal static async Task AddToCart(HttpClient shopper, Guid productId, int quantity)
    {
        using var added = await shopper.PostAsJsonAsync("/cart/items", new { productId, sku = "SKU-1", quantity });
        added.EnsureSuccessStatusCode();
    }

    internal static async Task<HttpResponseMessage> Checkout<T>(HttpClient shopper, string key, T body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/checkout") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await shopper.SendAsync(request);
    }

    private static async Task<Guid> List(IClusterClient cluster, Guid sellerId, decimal price, int stock)
    {
        await cluster.ActiveSeller(sellerId: sellerId);
        return (await cluster.PublishedProduct(sellerId, CatalogSeeding.Kettle(price, stock))).ProductId;
    }
}
