using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Catalog;

/// <summary>
/// What moderation keeps from shoppers, over real HTTP against a silo process whose appsettings ban "casino": a new
/// card is hidden until its first verdict, image references and seller display names are judged too.
/// </summary>
public sealed class ModerationOverHttpTests(CatalogDeployment fixture) : IClassFixture<CatalogDeployment>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private HttpClient Public => fixture.Deployment.CreateClient(Gateway.Public);

    private HttpClient SellerGateway => fixture.Deployment.CreateClient(Gateway.Seller);

    [Fact]
    public async Task A_card_with_a_banned_word_is_never_served_not_even_while_its_verdict_is_pending()
    {
        using var seller = await SellerGateway.OnboardedSellerAsync();
        var productId = await seller.CreateCardAsync(SellerHttp.Card("Casino night lantern"));
        using var watcher = new ShopperWatch(Public, productId, seller.UserId, "casino lantern");

        using (var published = await seller.SendVersionedAsync(HttpMethod.Post, $"/products/{productId}/publish", 1))
        {
            var card = await published.JsonAsync();
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
            Assert.Equal(("Pending", false), (card.GetProperty("moderation").GetProperty("status").GetString(), card.GetProperty("visible").GetBoolean()));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync($"/products/{productId}")).StatusCode);

        var moderation = await Eventually.Until(async () => await (await seller.Client.GetAsync($"/products/{productId}/moderation")).JsonAsync(),
            m => m.GetProperty("status").GetString() == "Blocked", Patience, "the card blocked for the banned word");
        Assert.Contains("casino", moderation.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        var seen = await watcher.StopAsync();
        Assert.True(seen.Reads > 0, "the shopper never looked");
        Assert.Empty(seen.Sightings);
    }

    [Fact]
    public async Task A_card_showing_a_picture_from_outside_the_marketplace_is_blocked_before_anyone_sees_it()
    {
        using var seller = await SellerGateway.OnboardedSellerAsync();
        var productId = await seller.CreateCardAsync(SellerHttp.Card("Porch lantern", images: "https://cdn.example.org/call-us-now.jpg"));

        using (var published = await seller.SendVersionedAsync(HttpMethod.Post, $"/products/{productId}/publish", 1))
        {
            Assert.False((await published.JsonAsync()).GetProperty("visible").GetBoolean());
        }

        var moderation = await Eventually.Until(async () => await (await seller.Client.GetAsync($"/products/{productId}/moderation")).JsonAsync(),
            m => m.GetProperty("status").GetString() == "Blocked", Patience, "the card with an outside picture blocked");
        Assert.Contains("https://cdn.example.org/call-us-now.jpg", moderation.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync($"/products/{productId}")).StatusCode);
    }

    [Fact]
    public async Task A_seller_display_name_with_a_banned_word_or_a_phone_number_never_becomes_public()
    {
        using var seller = await SellerGateway.SignUpAsync("Seller");

        using (var refused = await seller.Client.PostAsJsonAsync("/sellers", SellerHttp.Application("Casino deals call +79991234567")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("casino", (await refused.JsonAsync()).GetProperty("errors").GetProperty("displayName")[0].GetString(), StringComparison.OrdinalIgnoreCase);
        }
        (await seller.Client.PostAsJsonAsync("/sellers", SellerHttp.Application("Lantern House"))).EnsureSuccessStatusCode();
        await SellerGateway.SetSellerStatusAsync(seller.UserId, "Active");

        using (var edit = new HttpRequestMessage(HttpMethod.Put, $"/sellers/{seller.UserId}") { Content = JsonContent.Create(SellerHttp.Application("Deals call +79991234567")) })
        {
            edit.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"2\""));
            using var refused = await seller.Client.SendAsync(edit);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("phone", (await refused.JsonAsync()).GetProperty("errors").GetProperty("displayName")[0].GetString());
        }
        Assert.Equal("Lantern House", (await (await Public.GetAsync($"/sellers/{seller.UserId}")).JsonAsync()).GetProperty("displayName").GetString());
    }

    /// <summary>
    /// A shopper reading the card's page, its category and storefront listings and search, over and over until
    /// stopped, noting every read that showed the card.
    /// </summary>
    private sealed class ShopperWatch : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<string> _sightings = new();
        private readonly Task<int> _watching;

        public ShopperWatch(HttpClient shopper, Guid productId, Guid sellerId, string query) =>
            _watching = Task.Run(async () =>
            {
                var reads = 0;
                while (!_stop.IsCancellationRequested)
                {
                    using (var page = await shopper.GetAsync($"/products/{productId}"))
                    {
                        if (page.StatusCode != HttpStatusCode.NotFound)
                        {
                            _sightings.Enqueue($"product page {(int)page.StatusCode}");
                        }
                    }
                    foreach (var list in new[] { "/categories/home/lighting/products?pageSize=100", $"/sellers/{sellerId}/products", $"/search/products?q={Uri.EscapeDataString(query)}" })
                    {
                        var body = await shopper.GetStringAsync(list);
                        if (body.Contains(productId.ToString(), StringComparison.OrdinalIgnoreCase))
                        {
                            _sightings.Enqueue(list);
                        }
                    }
                    reads++;
                }
                return reads;
            });

        public async Task<(int Reads, IReadOnlyList<string> Sightings)> StopAsync()
        {
            await _stop.CancelAsync();
            return (await _watching, _sightings.ToList());
        }

        public void Dispose() => _stop.Dispose();
    }
}
