using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Recommendations;

/// <summary>Recommendations as shoppers get them: the public gateway over HTTP, a silo on PostgreSQL (affinity) and Redis (base feed).</summary>
public sealed class RecommendationsOverHttpTests
{
    private static readonly TimeSpan Settles = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_shopper_who_views_phones_is_recommended_other_phones_and_an_anonymous_visitor_gets_the_popular_feed()
    {
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public],
            environment: new Dictionary<string, string>
            {
                ["Recommendations__RankingLifetime"] = "00:00:01",
                ["Recommendations__FeedCacheLifetime"] = "00:00:01",
            });
        var cluster = await deployment.ConnectClientAsync();
        var seller = await cluster.ActiveSeller();
        var phones = new List<Guid>();
        foreach (var title in new[] { "Phone One", "Phone Two", "Phone Three" })
        {
            phones.Add((await cluster.PublishedProduct(seller, CatalogSeeding.Kettle(20000m, 5) with { Title = title, Category = "electronics/phones" })).ProductId);
        }
        var lamp = (await cluster.PublishedProduct(seller, CatalogSeeding.Kettle(900m, 5) with { Title = "Lamp", Category = "home/lighting" })).ProductId;
        using var publicGateway = deployment.CreateClient(Gateway.Public);
        using var shopper = await publicGateway.SignUpAsync();

        var before = await publicGateway.GetFromJsonAsync<JsonElement>("/recommendations");
        Assert.Equal("Popular", before.GetProperty("source").GetString());
        foreach (var (viewed, count) in phones.Take(2).Select((id, i) => (id, i + 1)))
        {
            using var card = await shopper.Client.GetAsync($"/products/{viewed}");
            Assert.Equal(HttpStatusCode.OK, card.StatusCode);
            // Views are recorded one-way and may overtake each other; the reason below names the later one.
            await Eventually.Until(() => shopper.Client.GetFromJsonAsync<JsonElement>("/recommendations/interests"),
                interests => interests.GetProperty("recentlyViewed").GetArrayLength() == count, Settles, "the view to be learnt");
        }

        var personal = await Eventually.Until(() => shopper.Client.GetFromJsonAsync<JsonElement>("/recommendations?page=1&pageSize=10"),
            page => page.GetProperty("source").GetString() == "Personal" && ProductIds(page).Contains(phones[2]),
            Settles, "personal recommendations of the phone not yet viewed");
        Assert.DoesNotContain(lamp, ProductIds(personal));
        var first = personal.GetProperty("items")[0];
        Assert.Equal("electronics/phones", first.GetProperty("product").GetProperty("category").GetString());
        Assert.Equal("Because you viewed Phone Two", first.GetProperty("reason").GetProperty("text").GetString());

        var popular = await Eventually.Until(() => publicGateway.GetFromJsonAsync<JsonElement>("/recommendations"),
            page => phones.Take(2).All(ProductIds(page).Contains), Settles, "the anonymous feed to show the viewed phones");
        Assert.Equal("Popular", popular.GetProperty("source").GetString());
        var phonesFeed = await publicGateway.GetFromJsonAsync<JsonElement>("/recommendations/popular?category=electronics/phones");
        Assert.DoesNotContain(lamp, ProductIds(phonesFeed));
        using var unknown = await publicGateway.GetAsync("/recommendations/popular?category=nowhere");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var alsoBought = await publicGateway.GetFromJsonAsync<JsonElement>($"/products/{phones[0]}/also-bought?page=1&pageSize=5");
        Assert.Equal(("BoughtTogether", 0), (alsoBought.GetProperty("source").GetString(), alsoBought.GetProperty("total").GetInt32()));
    }

    private static List<Guid> ProductIds(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("product").GetProperty("productId").GetGuid()).ToList();
}
