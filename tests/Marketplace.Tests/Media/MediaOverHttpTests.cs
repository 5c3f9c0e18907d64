using System.Net;
using System.Net.Http.Json;
using Marketplace.Tests.Catalog;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Media;

/// <summary>A marketplace whose images go to the real S3-protocol server, with a decode budget small enough to test (16 MB).</summary>
public sealed class MediaDeployment : IAsyncLifetime
{
    public MarketplaceDeployment Deployment { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller],
            environment: new Dictionary<string, string>(TestStores.S3Environment)
            {
                ["Media__MaxDecodedBytes"] = (16 * 1024 * 1024).ToString(),
            });

    public async Task DisposeAsync() => await Deployment.DisposeAsync();
}

/// <summary>Product images over real HTTP: who may upload and list them, what is decoded, and which ones shoppers get.</summary>
public sealed class MediaOverHttpTests(MediaDeployment fixture) : IClassFixture<MediaDeployment>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private HttpClient Public => fixture.Deployment.CreateClient(Gateway.Public);

    private HttpClient SellerGateway => fixture.Deployment.CreateClient(Gateway.Seller);

    [Fact]
    public async Task Only_an_approved_seller_who_is_not_suspended_uploads_images()
    {
        using var seller = await SellerGateway.OnboardedSellerAsync(activate: false);
        var productId = await seller.CreateCardAsync(SellerHttp.Card("Porch lantern"));

        using (var pending = await seller.UploadImageAsync(productId, TestImages.Jpeg(300, 200)))
        {
            Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
        }
        await SellerGateway.SetSellerStatusAsync(seller.UserId, "Active");
        using (var active = await seller.UploadImageAsync(productId, TestImages.Jpeg(300, 200)))
        {
            Assert.Equal(HttpStatusCode.Created, active.StatusCode);
        }
        Assert.Equal(1, (await (await seller.Client.GetAsync($"/products/{productId}/images")).JsonAsync()).GetArrayLength());

        // Suspension ends the seller's sessions (identity); the media grain refuses a suspended seller too (ProductMediaGrainTests).
        await SellerGateway.SetSellerStatusAsync(seller.UserId, "Suspended");
        using var suspended = await seller.UploadImageAsync(productId, TestImages.Png(300, 200));
        Assert.Equal(HttpStatusCode.Unauthorized, suspended.StatusCode);
    }

    [Fact]
    public async Task Another_seller_cannot_list_a_products_images()
    {
        using var owner = await SellerGateway.OnboardedSellerAsync();
        using var intruder = await SellerGateway.OnboardedSellerAsync();
        var productId = await owner.CreateCardAsync(SellerHttp.Card("Porch lantern"));
        (await owner.UploadImageAsync(productId, TestImages.Jpeg(300, 200))).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.Client.GetAsync($"/products/{productId}/images")).StatusCode);
        Assert.Equal(1, (await (await owner.Client.GetAsync($"/products/{productId}/images")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Shoppers_get_the_images_of_visible_cards_only()
    {
        using var seller = await SellerGateway.OnboardedSellerAsync();
        using var op = await SellerGateway.SignInAsOperatorAsync();
        var productId = await seller.CreateCardAsync(SellerHttp.Card("Porch lantern"));
        var listed = await (await seller.UploadImageAsync(productId, TestImages.Jpeg(300, 200))).JsonAsync();
        var unlisted = await (await seller.UploadImageAsync(productId, TestImages.Png(200, 200), "image/png")).JsonAsync();
        var listedUrl = listed.GetProperty("variants")[1].GetProperty("url").GetString()!;
        var unlistedUrl = unlisted.GetProperty("variants")[1].GetProperty("url").GetString()!;

        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync(listedUrl)).StatusCode);

        var reference = listed.GetProperty("reference").GetString()!;
        (await seller.SendVersionedAsync(HttpMethod.Put, $"/products/{productId}", 1, SellerHttp.Card("Porch lantern", images: reference))).EnsureSuccessStatusCode();
        (await seller.SendVersionedAsync(HttpMethod.Post, $"/products/{productId}/publish", 2)).EnsureSuccessStatusCode();
        using (var served = await Eventually.Until(() => Public.GetAsync(listedUrl), r => r.StatusCode == HttpStatusCode.OK, Patience, "the approved card's image served"))
        {
            Assert.Equal("image/webp", served.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("immutable", served.Headers.CacheControl?.ToString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync(unlistedUrl)).StatusCode);

        (await op.Client.PostAsJsonAsync($"/operator/products/{productId}/block", new { reason = "Counterfeit." })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync(listedUrl)).StatusCode);
        (await op.Client.PostAsync($"/operator/products/{productId}/approve", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await Public.GetAsync(listedUrl)).StatusCode);

        (await seller.SendVersionedAsync(HttpMethod.Post, $"/products/{productId}/archive", 3)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync(listedUrl)).StatusCode);
    }

    [Fact]
    public async Task Pictures_over_the_pixel_or_decode_budget_are_refused_from_their_header()
    {
        using var seller = await SellerGateway.OnboardedSellerAsync();
        var productId = await seller.CreateCardAsync(SellerHttp.Card("Porch lantern"));

        using (var bomb = await seller.UploadImageAsync(productId, TestImages.JpegClaiming(6000, 5000)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bomb.StatusCode);
            Assert.Contains("megapixels", (await bomb.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString());
        }
        using (var wholeDecode = await seller.UploadImageAsync(productId, TestImages.Png(2500, 2000), "image/png"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wholeDecode.StatusCode);
            Assert.Contains("cannot be decoded at a reduced size", (await wholeDecode.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString());
        }
        // Larger still, but decoded at a quarter of its size: within the budget.
        using var photo = await seller.UploadImageAsync(productId, TestImages.Jpeg(4000, 3000));
        Assert.Equal(HttpStatusCode.Created, photo.StatusCode);
        Assert.Equal(4000, (await photo.JsonAsync()).GetProperty("width").GetInt32());
    }
}
