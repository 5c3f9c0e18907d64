using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Foundation;

/// <summary>The three gateways over real HTTP on a durable one-silo cluster, shared by the tests of what the edge accepts.</summary>
public sealed class EdgeDeployment : IAsyncLifetime
{
    /// <summary>The one web origin the gateways' CORS configuration admits.</summary>
    public const string AllowedOrigin = "https://shop.test";

    public MarketplaceDeployment Deployment { get; private set; } = null!;
    public IClusterClient Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller, Gateway.Logistics],
            environment: new Dictionary<string, string> { ["Cors__AllowedOrigins__0"] = AllowedOrigin });
        Cluster = await Deployment.ConnectClientAsync();
    }

    public async Task DisposeAsync() => await Deployment.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeDeployment>
{
    public const string Name = "edge";
}

/// <summary>
/// Every input the fuzz found answered with a 500, and every input that changed data it should not have: each is now a
/// 400 problem naming the field, and nothing changed.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class InputValidationHttpTests(EdgeDeployment fixture)
{
    private const string LastPage = "page=2147483647&pageSize=100";

    [Fact]
    public async Task A_page_past_the_deepest_one_is_a_field_error_on_every_paged_list_the_fuzz_broke()
    {
        using var publicGateway = fixture.Deployment.CreateClient(Gateway.Public);
        using var sellerGateway = fixture.Deployment.CreateClient(Gateway.Seller);
        using var shopper = await publicGateway.SignUpAsync();
        using var seller = await sellerGateway.SignUpAsync();
        using var moderator = await sellerGateway.SignInAsOperatorAsync();
        await fixture.Cluster.ActiveSeller(sellerId: seller.UserId);
        var product = await fixture.Cluster.PublishedProduct(seller.UserId, CatalogSeeding.Kettle(100m, 1));

        (HttpClient Client, string Url)[] lists =
        [
            (publicGateway, $"/products/{product.ProductId}/reviews?{LastPage}"),
            (seller.Client, $"/products/{product.ProductId}/reviews?{LastPage}"),
            (shopper.Client, $"/me/reviews?{LastPage}"),
            (moderator.Client, $"/operator/reviews/held?{LastPage}"),
            (publicGateway, $"/recommendations/popular?{LastPage}"),
            (publicGateway, $"/recommendations?{LastPage}"),
            (publicGateway, $"/categories/home/kitchen/products?{LastPage}"),
            (publicGateway, $"/search/products?q=kettle&{LastPage}"),
            (shopper.Client, $"/orders?{LastPage}"),
        ];
        foreach (var (client, url) in lists)
        {
            using var response = await client.GetAsync(url);
            await AssertFieldError(response, "page", url);
        }

        // The keyset-paged lists refuse a cursor no page handed out.
        foreach (var (client, url) in new[]
                 {
                     (publicGateway, $"/products/{product.ProductId}/reviews?after=not-a-cursor"),
                     (seller.Client, $"/products/{product.ProductId}/reviews?sort=lowest&after=not-a-cursor"),
                     (moderator.Client, "/operator/products/moderation?after=not-a-cursor"),
                     (shopper.Client, "/me/reviews?after=not-a-cursor"),
                     (moderator.Client, "/operator/reviews/held?after=not-a-cursor"),
                 })
        {
            using var response = await client.GetAsync(url);
            await AssertFieldError(response, "after", url);
        }

        using var firstPage = await publicGateway.GetAsync($"/products/{product.ProductId}/reviews?page=10000&pageSize=100");
        Assert.Equal(HttpStatusCode.OK, firstPage.StatusCode);
    }

    [Fact]
    public async Task A_control_character_in_a_query_string_is_refused_at_the_edge_naming_the_parameter()
    {
        using var publicGateway = fixture.Deployment.CreateClient(Gateway.Public);

        using var search = await publicGateway.GetAsync("/search/products?q=kettle&category=home%00kitchen");
        using var popular = await publicGateway.GetAsync("/recommendations/popular?category=%01");
        using var path = await publicGateway.GetAsync("/categories/home%07/products");
        // Kestrel itself refuses a NUL in the path, before any middleware (a bare 400).
        using var nulInPath = await publicGateway.GetAsync("/categories/home%00/products");

        await AssertFieldError(search, "category", "NUL in category");
        await AssertFieldError(popular, "category", "SOH in category");
        await AssertFieldError(path, "path", "BEL in the path");
        Assert.Equal(HttpStatusCode.BadRequest, nulInPath.StatusCode);
    }

    [Theory]
    [MemberData(nameof(GatewayTests.Gateways), MemberType = typeof(GatewayTests))]
    public async Task A_control_character_in_a_json_string_is_refused_naming_the_field(Gateway gateway)
    {
        using var http = fixture.Deployment.CreateClient(gateway);

        using var login = await http.PostAsync("/auth/login", Json("""{"email":"a\u0000@test.local","password":"correct-horse-battery"}"""));
        using var register = await http.PostAsync("/auth/register", Json("""{"email":"b@test.local","password":"correct-horse-battery","displayName":"Bell\u0007"}"""));

        await AssertFieldError(login, "email", "NUL in the login e-mail");
        await AssertFieldError(register, "displayName", "BEL in the display name");
    }

    [Fact]
    public async Task A_control_character_deep_in_a_product_card_is_refused_and_no_card_is_made()
    {
        using var sellerGateway = fixture.Deployment.CreateClient(Gateway.Seller);
        using var seller = await sellerGateway.SignUpAsync();
        await fixture.Cluster.ActiveSeller(sellerId: seller.UserId);
        var draft = """
            {"title":"Kettle","description":"Boils\nwater.","category":"home/kitchen","brand":"Acme",
             "variants":[{"sku":"SKU-1","attributes":{"colour":"red\u0000"},"price":100,"currency":"RUB","stock":1}]}
            """;
        var request = new HttpRequestMessage(HttpMethod.Post, "/products") { Content = Json(draft) };
        request.Headers.Add("Idempotency-Key", "nul-card");

        using var response = await seller.Client.SendAsync(request);

        await AssertFieldError(response, "variants[0].attributes.colour", "NUL in an attribute value");
        var listed = await seller.Client.GetFromJsonAsync<JsonElement>("/products");
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_stock_update_without_its_field_is_refused_and_leaves_the_stock_as_it_was()
    {
        var (seller, product) = await SellerWithProduct(stock: 7);
        var stockUrl = $"/products/{product.ProductId}/variants/SKU-1/stock";

        using var empty = await seller.Client.PutAsync(stockUrl, Json("{}"));
        using var negative = await seller.Client.PutAsync(stockUrl, Json("""{"onHand":-1}"""));
        using var huge = await seller.Client.PutAsync(stockUrl, Json("""{"onHand":2147483647}"""));
        var adjustment = new HttpRequestMessage(HttpMethod.Post, $"{stockUrl}/adjustments") { Content = Json("""{"delta":2147483647}""") };
        adjustment.Headers.Add("Idempotency-Key", "overflow");
        using var overflow = await seller.Client.SendAsync(adjustment);

        await AssertFieldError(empty, "onHand", "an empty stock body");
        await AssertFieldError(negative, "onHand", "a negative stock");
        await AssertFieldError(huge, "onHand", "a stock beyond the bound");
        await AssertFieldError(overflow, "delta", "an adjustment that would overflow");
        Assert.Equal(new StockLevel(7, 0), await fixture.Cluster.GetGrain<IInventoryGrain>(InventoryKey.For(product.ProductId, "SKU-1")).Get());
    }

    [Fact]
    public async Task An_undefined_seller_status_is_refused_by_the_gateway_and_by_the_grain()
    {
        using var sellerGateway = fixture.Deployment.CreateClient(Gateway.Seller);
        using var moderator = await sellerGateway.SignInAsOperatorAsync();
        var sellerId = await fixture.Cluster.ActiveSeller();
        var statusUrl = $"/operator/sellers/{sellerId}/status";

        using var number = await moderator.Client.PutAsync(statusUrl, Json("""{"status":12345,"reason":null}"""));
        using var numeral = await moderator.Client.PutAsync(statusUrl, Json("""{"status":"12345","reason":null}"""));
        using var unknown = await moderator.Client.PutAsync(statusUrl, Json("""{"status":"Banished","reason":null}"""));
        var direct = await Assert.ThrowsAsync<Marketplace.Common.ValidationException>(() =>
            fixture.Cluster.GetGrain<Marketplace.Sellers.ISellerGrain>(sellerId).ChangeStatus((Marketplace.Sellers.SellerStatus)12345, null));

        var error = await AssertFieldError(number, "status", "status 12345");
        Assert.Contains("Active", error.GetProperty("errors").GetProperty("status")[0].GetString());
        await AssertFieldError(numeral, "status", "status \"12345\"");
        await AssertFieldError(unknown, "status", "status Banished");
        Assert.Contains("status", direct.Errors.Keys);
        var seller = await moderator.Client.GetFromJsonAsync<JsonElement>($"/operator/sellers/{sellerId}");
        Assert.Equal("Active", seller.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Prices_and_quantities_are_bounded_so_no_order_can_overflow()
    {
        var (seller, product) = await SellerWithProduct(stock: 5);
        using var publicGateway = fixture.Deployment.CreateClient(Gateway.Public);
        using var shopper = await publicGateway.SignUpAsync();
        var card = """
            {"title":"Gold kettle","description":null,"category":"home/kitchen","brand":null,"attributes":null,"images":null,
             "variants":[{"sku":"SKU-1","attributes":null,"price":1e17,"currency":"RUB","stock":1}]}
            """;
        var create = new HttpRequestMessage(HttpMethod.Post, "/products") { Content = Json(card) };
        create.Headers.Add("Idempotency-Key", "gold-kettle");

        using var pricey = await seller.Client.SendAsync(create);
        using var buyNow = await Checkout(shopper.Client, "million", new
        {
            address = Address, paymentMethod = "pm_card_visa", items = new[] { new { productId = product.ProductId, sku = "SKU-1", quantity = 1_000_000 } },
        });
        using var addToCart = await shopper.Client.PostAsJsonAsync("/cart/items", new { productId = product.ProductId, sku = "SKU-1", quantity = 1_000_000 });

        await AssertFieldError(pricey, "variants[0].price", "a price of 1e17");
        await AssertFieldError(buyNow, "items", "a buy-now of a million units");
        await AssertFieldError(addToCart, "quantity", "a million units in the cart");
        Assert.Equal(0, (await shopper.Client.GetFromJsonAsync<JsonElement>("/orders")).GetProperty("total").GetInt32());
        Assert.Equal(new StockLevel(5, 0), await fixture.Cluster.GetGrain<IInventoryGrain>(InventoryKey.For(product.ProductId, "SKU-1")).Get());
    }

    [Fact]
    public async Task A_checkout_address_the_shipment_would_refuse_is_refused_before_anything_is_reserved_or_paid()
    {
        var (_, product) = await SellerWithProduct(stock: 3);
        using var publicGateway = fixture.Deployment.CreateClient(Gateway.Public);
        using var shopper = await publicGateway.SignUpAsync();
        var items = new[] { new { productId = product.ProductId, sku = "SKU-1", quantity = 1 } };

        using var incomplete = await Checkout(shopper.Client, "incomplete", new
        {
            address = new { recipient = " ", line1 = "Tverskaya 1", city = "Moscow", postalCode = "", country = "" }, paymentMethod = "pm_card_visa", items,
        });
        using var missing = await Checkout(shopper.Client, "missing", new
        {
            address = new { line1 = "Tverskaya 1", city = "Moscow" }, paymentMethod = "pm_card_visa", items,
        });
        using var longName = await Checkout(shopper.Client, "long", new
        {
            address = new { recipient = new string('x', 10_000), line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" },
            paymentMethod = "pm_card_visa", items,
        });
        using var megabyte = await Checkout(shopper.Client, "megabyte", new
        {
            address = new { recipient = new string('x', 1_000_000), line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" },
            paymentMethod = "pm_card_visa", items,
        });

        var refused = await AssertFieldError(incomplete, "address.recipient", "a blank recipient");
        Assert.True(refused.GetProperty("errors").TryGetProperty("address.postalCode", out _), refused.ToString());
        Assert.True(refused.GetProperty("errors").TryGetProperty("address.country", out _), refused.ToString());
        var absent = await AssertFieldError(missing, "address.recipient", "an address without recipient");
        Assert.True(absent.GetProperty("errors").TryGetProperty("address.postalCode", out _), absent.ToString());
        await AssertFieldError(longName, "address.recipient", "a 10,000-character recipient");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, megabyte.StatusCode);
        Assert.Equal(0, (await shopper.Client.GetFromJsonAsync<JsonElement>("/orders")).GetProperty("total").GetInt32());
        Assert.Equal(new StockLevel(3, 0), await fixture.Cluster.GetGrain<IInventoryGrain>(InventoryKey.For(product.ProductId, "SKU-1")).Get());
    }

    [Fact]
    public async Task A_grain_refuses_control_characters_whoever_calls_it()
    {
        var sellerId = await fixture.Cluster.ActiveSeller();
        var draft = CatalogSeeding.Kettle(100m, 1) with { Title = "Ket\0tle" };

        var refused = await Assert.ThrowsAsync<Marketplace.Common.ValidationException>(() =>
            fixture.Cluster.GetGrain<IProductGrain>(Guid.NewGuid()).Create(sellerId, draft));

        Assert.Contains("title", refused.Errors.Keys);
    }

    [Fact]
    public async Task A_body_over_the_default_limit_is_a_413_problem_while_the_image_upload_keeps_its_own_cap()
    {
        var (seller, product) = await SellerWithProduct(stock: 1);
        var padding = new string(' ', 100 * 1024);

        using var oversized = await seller.Client.PutAsync($"/products/{product.ProductId}/variants/SKU-1/stock", Json($$"""{"onHand":3{{padding}}}"""));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(RandomNumberGenerator.GetBytes(200 * 1024)), "file", "noise.png" } };
        using var upload = await seller.Client.PostAsync($"/products/{product.ProductId}/images", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal("application/problem+json", oversized.Content.Headers.ContentType?.MediaType);
        // The upload route reads its 200 KiB and the silo judges the bytes: not an image, a field error, never a 413.
        await AssertFieldError(upload, "file", "an upload of 200 KiB of noise");
        Assert.Equal(new StockLevel(1, 0), await fixture.Cluster.GetGrain<IInventoryGrain>(InventoryKey.For(product.ProductId, "SKU-1")).Get());
    }

    private static readonly object Address = new { recipient = "Ivan Petrov", line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" };

    private async Task<(SignedInUser Seller, ProductSnapshot Product)> SellerWithProduct(int stock)
    {
        using var sellerGateway = fixture.Deployment.CreateClient(Gateway.Seller);
        var seller = await sellerGateway.SignUpAsync();
        await fixture.Cluster.ActiveSeller(sellerId: seller.UserId);
        return (seller, await fixture.Cluster.PublishedProduct(seller.UserId, CatalogSeeding.Kettle(100m, stock)));
    }

    private static async Task<HttpResponseMessage> Checkout<T>(HttpClient shopper, string key, T body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/checkout") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await shopper.SendAsync(request);
    }

    internal static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A 400 problem whose errors name <paramref name="field"/>; <paramref name="what"/> says which request failed.</summary>
    internal static async Task<JsonElement> AssertFieldError(HttpResponseMessage response, string field, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: expected 400, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"{what}: expected a field error for '{field}', got {body}");
        return problem.RootElement.Clone();
    }
}
