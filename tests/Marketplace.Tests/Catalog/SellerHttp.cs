using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Catalog;

/// <summary>What a seller does through the seller gateway, for HTTP tests: onboarding, cards, images.</summary>
public static class SellerHttp
{
    /// <summary>Signs up a seller and onboards it; an operator activates it unless told otherwise.</summary>
    public static async Task<SignedInUser> OnboardedSellerAsync(this HttpClient sellerGateway, bool activate = true)
    {
        var seller = await sellerGateway.SignUpAsync("Seller");
        (await seller.Client.PostAsJsonAsync("/sellers", Application("Lantern House"))).EnsureSuccessStatusCode();
        if (activate)
        {
            await sellerGateway.SetSellerStatusAsync(seller.UserId, "Active");
        }
        return seller;
    }

    public static async Task SetSellerStatusAsync(this HttpClient sellerGateway, Guid sellerId, string status)
    {
        using var op = await sellerGateway.SignInAsOperatorAsync();
        (await op.Client.PutAsJsonAsync($"/operator/sellers/{sellerId}/status", new { status, reason = "Test" })).EnsureSuccessStatusCode();
    }

    public static object Application(string displayName) => new
    {
        displayName,
        legalName = "Lantern House LLC",
        taxId = "7707083893",
        payout = new { bankName = "Sber", accountNumber = "40702810900000000001", bankCode = "044525225" },
        contact = new { email = "owner@lanterns.test", phone = "+7 900 000 00 00" },
    };

    public static object Card(string title, string description = "A lantern for the porch.", params string[] images) => new
    {
        title,
        description,
        category = "home/lighting",
        brand = "Lumen",
        attributes = new Dictionary<string, string> { ["colour"] = "brass" },
        images,
        variants = new[] { new { sku = "LANTERN-1", attributes = new Dictionary<string, string>(), price = 2490.00m, currency = "RUB", stock = 5 } },
    };

    /// <summary>Creates a draft card and returns its id.</summary>
    public static async Task<Guid> CreateCardAsync(this SignedInUser seller, object card)
    {
        using var created = await seller.Client.PostAsJsonAsync("/products", card);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetGuid();
    }

    /// <summary>Sends the request with <c>If-Match</c> on the card's version.</summary>
    public static async Task<HttpResponseMessage> SendVersionedAsync(this SignedInUser seller, HttpMethod method, string path, long version, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return await seller.Client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> UploadImageAsync(this SignedInUser seller, Guid productId, byte[] image, string contentType = "image/jpeg")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", "photo");
        return await seller.Client.PostAsync($"/products/{productId}/images", form);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
