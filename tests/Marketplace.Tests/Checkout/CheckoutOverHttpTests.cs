using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;

namespace Marketplace.Tests.Checkout;

/// <summary>Checkout as a shopper and a seller see it: real gateways over HTTP, a silo on PostgreSQL and Redis, the processor process.</summary>
public sealed class CheckoutOverHttpTests
{
    [Fact]
    public async Task A_shopper_checks_out_a_two_seller_cart_once_even_when_the_request_is_sent_twice_and_each_party_sees_only_its_part()
    {
        await using var processor = await PaymentGatewayProcess.StartAsync();
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller],
            environment: new Dictionary<string, string> { ["Payments__GatewayUrl"] = processor.BaseAddress.ToString() });
        var cluster = await deployment.ConnectClientAsync();
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
        var body = new
        {
            address = new { recipient = "Ivan Petrov", line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" },
            paymentMethod = "pm_card_visa",
        };
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Checkout(shopper.Client, "checkout-1", body)));
        var orders = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var orderId = Assert.Single(orders.Select(o => o.GetProperty("orderId").GetGuid()).Distinct());
        Assert.All(orders, o => Assert.Equal("Paid", o.GetProperty("status").GetString()));
        Assert.Equal(2, orders[0].GetProperty("sellerOrders").GetArrayLength());
        Assert.Equal(new StockLevel(3, 0), await cluster.GetGrain<IInventoryGrain>(InventoryKey.For(kettle, "SKU-1")).Get());
        Assert.Equal(new StockLevel(1, 0), await cluster.GetGrain<IInventoryGrain>(InventoryKey.For(toaster, "SKU-1")).Get());
        Assert.Equal(0, (await shopper.Client.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("itemCount").GetInt32());

        var list = await shopper.Client.GetFromJsonAsync<JsonElement>("/orders?page=1&pageSize=10");
        Assert.Equal(orderId, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("orderId").GetGuid());
        using var foreign = await stranger.Client.GetAsync($"/orders/{orderId}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var anonymous = await publicGateway.GetAsync("/orders");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var sellerList = await kettleSeller.Client.GetFromJsonAsync<JsonElement>("/orders");
        var subOrder = Assert.Single(sellerList.GetProperty("items").EnumerateArray());
        Assert.Equal(3000m, subOrder.GetProperty("total").GetDecimal());
        var subOrderId = subOrder.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await kettleSeller.Client.GetAsync($"/orders/{subOrderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await toasterSeller.Client.GetAsync($"/orders/{subOrderId}")).StatusCode);

        await AddToCart(shopper.Client, kettle, 1);
        using var declined = await Checkout(shopper.Client, "checkout-2", body with { paymentMethod = "pm_card_stolen" });
        var failed = await declined.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Contains("stolen_card", failed.GetProperty("failureReason").GetString());
        Assert.Equal(new StockLevel(3, 0), await cluster.GetGrain<IInventoryGrain>(InventoryKey.For(kettle, "SKU-1")).Get());
        Assert.Equal(1, (await shopper.Client.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("itemCount").GetInt32());
        using var buyNow = await Checkout(shopper.Client, "checkout-3", new { body.address, body.paymentMethod, items = new[] { new { productId = toaster, sku = "SKU-1", quantity = 1 } } });
        Assert.Equal("Paid", (await buyNow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(new StockLevel(0, 0), await cluster.GetGrain<IInventoryGrain>(InventoryKey.For(toaster, "SKU-1")).Get());
        Assert.Equal(1, (await shopper.Client.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("itemCount").GetInt32());
        using var noKey = await shopper.Client.PostAsJsonAsync("/checkout", body);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
    }

    private static async Task AddToCart(HttpClient shopper, Guid productId, int quantity)
    {
        using var added = await shopper.PostAsJsonAsync("/cart/items", new { productId, sku = "SKU-1", quantity });
        added.EnsureSuccessStatusCode();
    }

    private static async Task<HttpResponseMessage> Checkout<T>(HttpClient shopper, string key, T body)
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
