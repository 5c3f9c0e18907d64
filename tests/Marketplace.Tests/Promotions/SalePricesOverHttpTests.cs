using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Promotions;

/// <summary>
/// A seller's sale over the seller gateway, as shoppers meet it on the public gateway (card, storefront, cart) and as
/// checkout charges it, on real stores; it starts and ends by itself (the card's outbox wakes it at each boundary).
/// </summary>
public sealed class SalePricesOverHttpTests(CheckoutDeployment fixture) : IClassFixture<CheckoutDeployment>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_sale_shows_its_price_and_the_old_one_everywhere_shoppers_look_is_what_checkout_charges_and_ends_by_itself()
    {
        using var sellerGateway = fixture.Deployment.CreateClient(Gateway.Seller);
        using var publicGateway = fixture.Deployment.CreateClient(Gateway.Public);
        using var seller = await sellerGateway.SignUpAsync();
        await fixture.Cluster.ActiveSeller(sellerId: seller.UserId);
        var productId = (await fixture.Cluster.PublishedProduct(seller.UserId, CatalogSeeding.Kettle(1000m, 10))).ProductId;
        using var shopper = await publicGateway.SignUpAsync();

        using var listed = await seller.Client.GetAsync($"/products/{productId}/sales");
        var etag = listed.Headers.ETag!;
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var sale = new { sku = "SKU-1", price = 799.90m, startsAt, endsAt = startsAt.AddSeconds(25) };
        using var withoutEtag = await seller.Client.PostAsJsonAsync($"/products/{productId}/sales", sale);
        using var dearer = await Send(seller.Client, HttpMethod.Post, $"/products/{productId}/sales", etag, sale with { price = 1000m });
        using var scheduled = await Send(seller.Client, HttpMethod.Post, $"/products/{productId}/sales", etag, sale);
        using var overlapping = await Send(seller.Client, HttpMethod.Post, $"/products/{productId}/sales", scheduled.Headers.ETag!, sale with { price = 700m });
        using var stale = await Send(seller.Client, HttpMethod.Post, $"/products/{productId}/sales", etag, sale with { startsAt = startsAt.AddDays(1), endsAt = startsAt.AddDays(2) });

        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutEtag.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, dearer.StatusCode);
        Assert.True((await dearer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("price", out _));
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, overlapping.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        // Started: the card, the storefront's table and the cart show the sale price with the old one beside it.
        var card = await Eventually.Until(() => publicGateway.GetFromJsonAsync<JsonElement>($"/products/{productId}"),
            p => Variant(p).GetProperty("price").GetDecimal() == 799.90m, Patience, "the sale price on the card");
        Assert.Equal(1000m, Variant(card).GetProperty("listPrice").GetDecimal());
        var item = await Eventually.Until(() => Storefront(publicGateway, seller.UserId),
            p => p.GetProperty("price").GetDecimal() == 799.90m, Patience, "the sale price in the storefront");
        Assert.Equal(1000m, item.GetProperty("listPrice").GetDecimal());
        await CheckoutOverHttpTests.AddToCart(shopper.Client, productId, 1);
        var line = (await shopper.Client.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("lines")[0];
        Assert.Equal((799.90m, 1000m), (line.GetProperty("unitPrice").GetDecimal(), line.GetProperty("listPrice").GetDecimal()));

        using var bought = await CheckoutOverHttpTests.BuyNow(shopper.Client, "sale-1", productId, 2);
        var orderId = (await bought.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        // A slow authorisation answers AwaitingPayment and the saga finishes afterwards: the order's end is read back.
        var order = await Eventually.Until(() => shopper.Client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}"),
            o => o.GetProperty("status").GetString() is "Paid" or "Failed", Patience, "the order to be paid");
        Assert.Equal("Paid", order.GetProperty("status").GetString());
        Assert.Equal((1599.80m, 2000m, 400.20m, 0m), Breakdowns.Money(order.GetProperty("breakdown")));
        var orderLine = order.GetProperty("lines")[0];
        Assert.Equal((799.90m, 1000m), (orderLine.GetProperty("unitPrice").GetDecimal(), orderLine.GetProperty("listPrice").GetDecimal()));
        var subOrderId = order.GetProperty("sellerOrders")[0].GetProperty("sellerOrderId").GetGuid();
        var subOrder = await seller.Client.GetFromJsonAsync<JsonElement>($"/orders/{subOrderId}");
        Assert.Equal((1599.80m, 2000m, 400.20m, 0m), Breakdowns.Money(subOrder.GetProperty("breakdown")));

        // Ended: nobody touched the card, and it announced its list price again.
        item = await Eventually.Until(() => Storefront(publicGateway, seller.UserId),
            p => p.GetProperty("price").GetDecimal() == 1000m, Patience, "the list price back in the storefront");
        Assert.Equal(JsonValueKind.Null, item.GetProperty("listPrice").ValueKind);

        // What the card stored survives its deactivation: the ended sale is gone, and its start and end were new versions.
        await fixture.Cluster.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        using var after = await seller.Client.GetAsync($"/products/{productId}/sales");
        Assert.Equal(Version(scheduled) + 2, Version(after));
        Assert.Equal(0, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_withdrawn_sale_gives_the_list_price_back_at_once_and_another_sellers_card_is_forbidden()
    {
        using var sellerGateway = fixture.Deployment.CreateClient(Gateway.Seller);
        using var publicGateway = fixture.Deployment.CreateClient(Gateway.Public);
        using var seller = await sellerGateway.SignUpAsync();
        using var other = await sellerGateway.SignUpAsync();
        await fixture.Cluster.ActiveSeller(sellerId: seller.UserId);
        var productId = (await fixture.Cluster.PublishedProduct(seller.UserId, CatalogSeeding.Kettle(500m, 3))).ProductId;
        using var listed = await seller.Client.GetAsync($"/products/{productId}/sales");
        var sale = new { sku = (string?)null, price = 450m, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), endsAt = DateTimeOffset.UtcNow.AddDays(3) };

        using var scheduled = await Send(seller.Client, HttpMethod.Post, $"/products/{productId}/sales", listed.Headers.ETag!, sale);
        var saleId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0].GetProperty("saleId").GetGuid();
        using var foreign = await Send(other.Client, HttpMethod.Delete, $"/products/{productId}/sales/{saleId}", scheduled.Headers.ETag!);
        Assert.Equal(450m, Variant(await publicGateway.GetFromJsonAsync<JsonElement>($"/products/{productId}")).GetProperty("price").GetDecimal());
        using var withdrawn = await Send(seller.Client, HttpMethod.Delete, $"/products/{productId}/sales/{saleId}", scheduled.Headers.ETag!);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(500m, Variant(await publicGateway.GetFromJsonAsync<JsonElement>($"/products/{productId}")).GetProperty("price").GetDecimal());
        var item = await Eventually.Until(() => Storefront(publicGateway, seller.UserId),
            p => p.GetProperty("price").GetDecimal() == 500m && p.GetProperty("listPrice").ValueKind == JsonValueKind.Null, Patience, "the list price in the storefront");
        Assert.Equal(productId, item.GetProperty("productId").GetGuid());
    }

    private static JsonElement Variant(JsonElement product) => product.GetProperty("variants")[0];

    private static long Version(HttpResponseMessage response) => long.Parse(response.Headers.ETag!.Tag.Trim('"'));

    private static async Task<JsonElement> Storefront(HttpClient publicGateway, Guid sellerId)
    {
        var page = await publicGateway.GetFromJsonAsync<JsonElement>($"/sellers/{sellerId}/products");
        return page.GetProperty("items").GetArrayLength() == 1 ? page.GetProperty("items")[0] : default;
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, EntityTagHeaderValue etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.IfMatch.Add(etag);
        return await client.SendAsync(request);
    }
}
