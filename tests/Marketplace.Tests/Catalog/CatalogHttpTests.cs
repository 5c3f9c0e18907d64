using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Catalog;

public sealed class CatalogDeployment : IAsyncLifetime
{
    public MarketplaceDeployment Deployment { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller]);

    public async Task DisposeAsync() => await Deployment.DisposeAsync();
}

/// <summary>Sellers and products end to end: real gateways over HTTP, a silo process on PostgreSQL, real tokens.</summary>
public sealed class CatalogHttpTests(CatalogDeployment fixture) : IClassFixture<CatalogDeployment>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private HttpClient Public => fixture.Deployment.CreateClient(Gateway.Public);

    private HttpClient SellerGateway => fixture.Deployment.CreateClient(Gateway.Seller);

    [Fact]
    public async Task A_seller_onboards_is_activated_publishes_and_shoppers_browse_the_product()
    {
        using var seller = await SellerGateway.SignUpAsync("Seller");
        using var op = await SellerGateway.SignInAsOperatorAsync();
        var sellerId = seller.UserId;

        using (var onboarded = await seller.Client.PostAsJsonAsync("/sellers", Application("Trail Gear")))
        {
            Assert.Equal(HttpStatusCode.Created, onboarded.StatusCode);
            Assert.Equal("\"1\"", onboarded.Headers.ETag?.Tag);
        }
        var productId = await CreateProduct(seller.Client, "Trail running shoe", key: Guid.NewGuid().ToString());
        using (var tooEarly = await Send(seller.Client, HttpMethod.Post, $"/products/{productId}/publish", ifMatch: 1))
        {
            Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        }

        using (var selfPromotion = await seller.Client.PutAsJsonAsync($"/operator/sellers/{sellerId}/status", new { status = "Active" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, selfPromotion.StatusCode);
        }
        using (var activated = await op.Client.PutAsJsonAsync($"/operator/sellers/{sellerId}/status", new { status = "Active" }))
        {
            Assert.Equal("Active", (await Json(activated)).GetProperty("status").GetString());
        }
        using (var published = await Send(seller.Client, HttpMethod.Post, $"/products/{productId}/publish", ifMatch: 1))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
            Assert.Equal("Published", (await Json(published)).GetProperty("status").GetString());
        }

        // Shoppers see the card once moderation approved it.
        using var shopperView = await Eventually.Until(() => Public.GetAsync($"/products/{productId}"), r => r.StatusCode == HttpStatusCode.OK,
            Patience, "the approved card shown to shoppers");
        var product = await Json(shopperView);
        Assert.Equal("Trail running shoe", product.GetProperty("title").GetString());
        Assert.Equal(10, product.GetProperty("variants")[0].GetProperty("available").GetInt32());
        using (var conditional = new HttpRequestMessage(HttpMethod.Get, $"/products/{productId}"))
        {
            conditional.Headers.IfNoneMatch.Add(shopperView.Headers.ETag!);
            using var notModified = await Public.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        await Eventually.Until(async () => (await Ids(Public, "/categories/clothing/products?pageSize=100")).Contains(productId) &&
                                           (await Ids(Public, "/categories/clothing/shoes/products?sort=price-asc")).Contains(productId) &&
                                           (await Ids(Public, $"/sellers/{sellerId}/products")).Contains(productId),
            Patience, "the product in its categories and on the storefront");
        Assert.Equal("Trail Gear", (await Json(await Public.GetAsync($"/sellers/{sellerId}"))).GetProperty("displayName").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync("/categories/garden/products")).StatusCode);
    }

    [Fact]
    public async Task A_card_with_a_link_is_hidden_from_shoppers_until_its_seller_fixes_it_and_operators_can_block_it()
    {
        using var seller = await ActiveSeller();
        using var intruder = await ActiveSeller();
        using var op = await SellerGateway.SignInAsOperatorAsync();
        const string title = "Porch lantern";
        const string search = "/search/products?q=porch+lantern&pageSize=100";
        var productId = await CreateProduct(seller.Client, title, description: "Cheaper at www.lanterns-direct.ru");
        (await Send(seller.Client, HttpMethod.Post, $"/products/{productId}/publish", ifMatch: 1)).EnsureSuccessStatusCode();

        var moderation = await Eventually.Until(async () => await Json(await seller.Client.GetAsync($"/products/{productId}/moderation")),
            m => m.GetProperty("status").GetString() == "Blocked", Patience, "the card blocked");
        Assert.Contains("links", moderation.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.Client.GetAsync($"/products/{productId}/moderation")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync($"/products/{productId}")).StatusCode);
        await Eventually.Until(async () => !(await Ids(Public, search)).Contains(productId), Patience, "the blocked card out of search");
        // The operators' queue is a projection of the verdict, so it may take a moment to show the card.
        await Eventually.Until(async () => (await Ids(op.Client, "/operator/products/moderation?pageSize=100")).Contains(productId), Patience,
            "the blocked card in the operators' moderation queue");
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.Client.GetAsync("/operator/products/moderation")).StatusCode);

        // The verdict did not move the card's version: the seller fixes it with the ETag of the publish.
        (await Send(seller.Client, HttpMethod.Put, $"/products/{productId}", 2, Draft(title, "A lantern for the porch."))).EnsureSuccessStatusCode();
        await Eventually.Until(async () => (await Public.GetAsync($"/products/{productId}")).StatusCode == HttpStatusCode.OK &&
                                           (await Ids(Public, search)).Contains(productId), Patience, "the fixed card shown and found");

        using (var blocked = await op.Client.PostAsJsonAsync($"/operator/products/{productId}/block", new { reason = "Counterfeit." }))
        {
            Assert.Equal("Counterfeit.", (await Json(blocked)).GetProperty("moderation").GetProperty("reason").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync($"/products/{productId}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.Client.PostAsJsonAsync($"/operator/products/{productId}/block", new { reason = "" })).StatusCode);
        (await op.Client.PostAsync($"/operator/products/{productId}/approve", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await Public.GetAsync($"/products/{productId}")).StatusCode);
    }

    [Fact]
    public async Task Sellers_touch_only_their_own_account_and_products()
    {
        using var owner = await ActiveSeller();
        using var intruder = await ActiveSeller();
        var productId = await CreateProduct(owner.Client, "Owner's lamp");

        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.Client.GetAsync($"/sellers/{owner.UserId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(intruder.Client, HttpMethod.Put, $"/sellers/{owner.UserId}", 1, Application("Hijack"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.Client.GetAsync($"/products/{productId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(intruder.Client, HttpMethod.Put, $"/products/{productId}", 1, Draft("Stolen"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(intruder.Client, HttpMethod.Post, $"/products/{productId}/publish", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.Client.PutAsJsonAsync($"/products/{productId}/variants/SKU-1/stock", new { onHand = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/products/{productId}")).StatusCode);
        Assert.DoesNotContain(productId, await Ids(intruder.Client, "/products"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SellerGateway.GetAsync($"/products/{productId}")).StatusCode);
    }

    [Fact]
    public async Task Edits_need_the_current_version_and_invalid_cards_get_field_errors()
    {
        using var seller = await ActiveSeller();
        var productId = await CreateProduct(seller.Client, "Kettle");

        using (var noVersion = await seller.Client.PutAsJsonAsync($"/products/{productId}", Draft("Kettle 2")))
        {
            Assert.Equal((HttpStatusCode)428, noVersion.StatusCode);
        }
        using (var edited = await Send(seller.Client, HttpMethod.Put, $"/products/{productId}", 1, Draft("Kettle 2")))
        {
            Assert.Equal("\"2\"", edited.Headers.ETag?.Tag);
        }
        using (var stale = await Send(seller.Client, HttpMethod.Put, $"/products/{productId}", 1, Draft("Kettle lost update")))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }

        var invalid = new
        {
            title = "",
            category = "garden/gnomes",
            variants = new object[] { new { sku = "A", price = -1, currency = "RUB" }, new { sku = "A", price = 5, currency = "RUB" } },
        };
        using var rejected = await seller.Client.PostAsJsonAsync("/products", invalid);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var errors = (await Json(rejected)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["category", "title", "variants[0].price", "variants[1].sku"], errors);
    }

    [Fact]
    public async Task Creation_with_an_idempotency_key_and_stock_adjustments_apply_once()
    {
        using var seller = await ActiveSeller();
        var key = Guid.NewGuid().ToString();

        var first = await CreateProduct(seller.Client, "Mug", key);
        var retried = await CreateProduct(seller.Client, "Mug", key);
        Assert.Equal(first, retried);

        var stock = $"/products/{first}/variants/SKU-1/stock";
        Assert.Equal(HttpStatusCode.BadRequest, (await seller.Client.PostAsJsonAsync($"{stock}/adjustments", new { delta = 5 })).StatusCode);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var adjust = new HttpRequestMessage(HttpMethod.Post, $"{stock}/adjustments") { Content = JsonContent.Create(new { delta = 5 }) };
            adjust.Headers.Add("Idempotency-Key", "delivery-1");
            (await seller.Client.SendAsync(adjust)).EnsureSuccessStatusCode();
        }
        Assert.Equal(15, (await Json(await seller.Client.GetAsync(stock))).GetProperty("onHand").GetInt32());
        Assert.Equal(3, (await Json(await seller.Client.PutAsJsonAsync(stock, new { onHand = 3 }))).GetProperty("available").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await seller.Client.PutAsJsonAsync(stock, new { onHand = -1 })).StatusCode);
    }

    [Fact]
    public async Task The_product_page_a_gateway_keeps_shows_every_edit_and_stock_change_on_the_next_read_with_a_new_etag()
    {
        using var seller = await ActiveSeller();
        var productId = await CreateProduct(seller.Client, "Desk lamp");
        (await Send(seller.Client, HttpMethod.Post, $"/products/{productId}/publish", ifMatch: 1)).EnsureSuccessStatusCode();
        using var first = await Eventually.Until(() => Public.GetAsync($"/products/{productId}"), r => r.StatusCode == HttpStatusCode.OK,
            Patience, "the approved card shown to shoppers");
        var firstTag = first.Headers.ETag!;
        // Read again unchanged: the same card, and 304 for a client that holds it.
        using (var again = await Public.GetAsync($"/products/{productId}"))
        {
            Assert.Equal((firstTag, "Desk lamp"), (again.Headers.ETag, (await Json(again)).GetProperty("title").GetString()));
        }
        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(productId, firstTag)).StatusCode);

        // A stock change keeps the card's version (the seller's If-Match) but is something shoppers see.
        (await seller.Client.PutAsJsonAsync($"/products/{productId}/variants/SKU-1/stock", new { onHand = 3 })).EnsureSuccessStatusCode();
        using var restocked = await Conditional(productId, firstTag);
        Assert.Equal(HttpStatusCode.OK, restocked.StatusCode);
        Assert.Equal(3, (await Json(restocked)).GetProperty("variants")[0].GetProperty("available").GetInt32());
        Assert.NotEqual(firstTag, restocked.Headers.ETag);

        // An edit is hidden until moderation judges it, then shown as edited.
        (await Send(seller.Client, HttpMethod.Put, $"/products/{productId}", ifMatch: 2, Draft("Desk lamp, brass"))).EnsureSuccessStatusCode();
        using var edited = await Eventually.Until(() => Public.GetAsync($"/products/{productId}"),
            r => r.StatusCode == HttpStatusCode.OK && r.Headers.ETag != restocked.Headers.ETag, Patience, "the judged edit shown to shoppers");
        Assert.Equal("Desk lamp, brass", (await Json(edited)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Conditional(productId, restocked.Headers.ETag!)).StatusCode);
    }

    private async Task<SignedInUser> ActiveSeller()
    {
        var seller = await SellerGateway.SignUpAsync("Seller");
        (await seller.Client.PostAsJsonAsync("/sellers", Application("Shop"))).EnsureSuccessStatusCode();
        using var op = await SellerGateway.SignInAsOperatorAsync();
        (await op.Client.PutAsJsonAsync($"/operator/sellers/{seller.UserId}/status", new { status = "Active" })).EnsureSuccessStatusCode();
        return seller;
    }

    private static async Task<Guid> CreateProduct(HttpClient seller, string title, string? key = null, string description = "Made to last.")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/products") { Content = JsonContent.Create(Draft(title, description)) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        using var response = await seller.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("productId").GetGuid();
    }

    private static object Draft(string title, string description = "Made to last.") => new
    {
        title,
        description,
        category = "clothing/shoes",
        brand = "Acme",
        attributes = new Dictionary<string, string> { ["material"] = "leather" },
        images = Array.Empty<string>(),
        variants = new[] { new { sku = "SKU-1", attributes = new Dictionary<string, string> { ["size"] = "42" }, price = 4990.00m, currency = "RUB", stock = 10 } },
    };

    private static object Application(string displayName) => new
    {
        displayName,
        legalName = $"{displayName} LLC",
        taxId = "7707083893",
        payout = new { bankName = "Sber", accountNumber = "40702810900000000001", bankCode = "044525225" },
        contact = new { email = "owner@shop.test", phone = "+7 900 000 00 00" },
    };

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, long ifMatch, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{ifMatch}\""));
        return await client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> Conditional(Guid productId, EntityTagHeaderValue held)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/products/{productId}");
        request.Headers.IfNoneMatch.Add(held);
        return await Public.SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<IReadOnlyList<Guid>> Ids(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await Json(response)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("productId").GetGuid()).ToList();
    }
}
