using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Ordering;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;

namespace Marketplace.Tests.Reviews;

/// <summary>
/// Reviews as shoppers and sellers see them: real gateways over HTTP, a silo on PostgreSQL (the reviews store and the
/// ratings store), the card processor. A shopper buys two products, ordering hears of the delivery, and only then may
/// the shopper review them; moderation decides asynchronously, and an operator decides what it held.
/// </summary>
public sealed class ReviewsOverHttpTests
{
    private const string BannedWord = "rubbish";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_shopper_reviews_what_they_received_it_is_published_and_rated_a_banned_word_is_rejected_an_operator_approves_a_held_one_and_strangers_are_refused()
    {
        await using var processor = await PaymentGatewayProcess.StartAsync();
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller],
            environment: new Dictionary<string, string>
            {
                ["Payments__GatewayUrl"] = processor.BaseAddress.ToString(),
                ["Moderation__BannedWords__0"] = BannedWord,
            });
        var cluster = await deployment.ConnectClientAsync();
        using var publicGateway = deployment.CreateClient(Gateway.Public);
        using var sellerGateway = deployment.CreateClient(Gateway.Seller);
        using var seller = await sellerGateway.SignUpAsync("Kettle shop");
        using var otherSeller = await sellerGateway.SignUpAsync("Other shop");
        using var shopper = await publicGateway.SignUpAsync("Shopper");
        using var stranger = await publicGateway.SignUpAsync("Stranger");
        await cluster.ActiveSeller("Kettle shop", seller.UserId);
        var kettle = (await cluster.PublishedProduct(seller.UserId, CatalogSeeding.Kettle(1500m, stock: 5))).ProductId;
        var toaster = (await cluster.PublishedProduct(seller.UserId, CatalogSeeding.Kettle(800m, stock: 5) with { Title = "Toaster" })).ProductId;

        var (subOrderId, shipmentId) = await BuyNow(shopper.Client, kettle, toaster);
        using (var beforeDelivery = await shopper.Client.PostAsJsonAsync($"/products/{kettle}/reviews", Review(5, "Boils a litre in two minutes.")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, beforeDelivery.StatusCode);
        }
        // Logistics reports the delivery to the sub-order, as the courier's last step does.
        await cluster.GetGrain<ISellerOrderGrain>(subOrderId).OnShipmentDelivered(shipmentId, DateTimeOffset.UtcNow);
        await Eventually.Until(async () => (await cluster.GetGrain<IPurchaseHistoryGrain>(0).Find(shopper.UserId, kettle))?.Status == PurchaseStatus.Received,
            Patience, "ordering to record the delivery");

        using var submitted = await shopper.Client.PostAsJsonAsync($"/products/{kettle}/reviews", Review(5, "Boils a litre in two minutes, quietly."));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var review = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Pending", review.GetProperty("status").GetString());
        var reviewId = review.GetProperty("reviewId").GetGuid();
        Assert.Equal($"/me/reviews/{reviewId}", submitted.Headers.Location?.ToString());
        using (var repeated = await shopper.Client.PostAsJsonAsync($"/products/{kettle}/reviews", Review(5, "Boils a litre in two minutes, quietly.")))
        {
            Assert.Equal(reviewId, (await repeated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewId").GetGuid());
        }

        var listed = await Eventually.Until(() => publicGateway.GetFromJsonAsync<JsonElement>($"/products/{kettle}/reviews?sort=highest"),
            page => page.GetProperty("total").GetInt32() == 1, Patience, "the review published");
        Assert.Equal(reviewId, listed.GetProperty("items")[0].GetProperty("reviewId").GetGuid());
        var rating = await Eventually.Until(() => publicGateway.GetFromJsonAsync<JsonElement>($"/products/{kettle}/rating"),
            r => r.GetProperty("count").GetInt32() == 1, Patience, "the rating to count the review");
        Assert.Equal(5m, rating.GetProperty("average").GetDecimal());
        Assert.Equal(1, rating.GetProperty("histogram").GetProperty("fiveStars").GetInt32());

        using (var neverBought = await stranger.Client.PostAsJsonAsync($"/products/{kettle}/reviews", Review(1, "Never had it, but I dislike it.")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, neverBought.StatusCode);
            Assert.Contains("received", (await neverBought.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        using var banned = await shopper.Client.PostAsJsonAsync($"/products/{toaster}/reviews", Review(1, $"Total {BannedWord}, burns every slice."));
        var bannedId = (await banned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewId").GetGuid();
        var rejected = await Eventually.Until(() => shopper.Client.GetFromJsonAsync<JsonElement>($"/me/reviews/{bannedId}"),
            r => r.GetProperty("status").GetString() == "Rejected", Patience, "the banned word rejected");
        Assert.Contains(BannedWord, rejected.GetProperty("statusReason").GetString());
        await Eventually.Until(() => shopper.Client.GetFromJsonAsync<JsonElement>("/me/reviews"), mine => mine.GetProperty("total").GetInt32() == 2,
            Patience, "both reviews on the shopper's list");

        // Written in capitals, the fix is held for an operator rather than published.
        var fix = Review(2, "BURNS EVERY SLICE ON THE LOWEST SETTING");
        using (var noIfMatch = await shopper.Client.PutAsJsonAsync($"/me/reviews/{bannedId}", fix))
        {
            Assert.Equal(HttpStatusCode.PreconditionRequired, noIfMatch.StatusCode);
        }
        using (var stale = await Edit(shopper.Client, bannedId, "1", fix))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }
        using (var edited = await Edit(shopper.Client, bannedId, rejected.GetProperty("version").GetInt64().ToString(), fix))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }
        using var moderator = await sellerGateway.SignInAsOperatorAsync();
        await Eventually.Until(() => moderator.Client.GetFromJsonAsync<JsonElement>("/operator/reviews/held?pageSize=100"),
            queue => queue.GetProperty("items").EnumerateArray().Any(r => r.GetProperty("reviewId").GetGuid() == bannedId), Patience, "the fix held");
        using (var approved = await moderator.Client.PostAsync($"/operator/reviews/{bannedId}/approve", null))
        {
            Assert.Equal("Published", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        await Eventually.Until(() => publicGateway.GetFromJsonAsync<JsonElement>($"/products/{toaster}/rating"),
            r => r.GetProperty("count").GetInt32() == 1 && r.GetProperty("average").GetDecimal() == 2m, Patience, "the approved review rated");

        Assert.Equal(1, (await seller.Client.GetFromJsonAsync<JsonElement>($"/products/{kettle}/reviews")).GetProperty("total").GetInt32());
        using var foreign = await otherSeller.Client.GetAsync($"/products/{kettle}/reviews");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        using var silo = deployment.Silos[0].CreateClient();
        Assert.Contains("marketplace_reviews_moderated", await silo.GetStringAsync("/metrics"));
    }

    private static object Review(int stars, string text) => new { stars, text, pros = "Looks good" };

    private static Task<HttpResponseMessage> Edit(HttpClient client, Guid reviewId, string version, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/me/reviews/{reviewId}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return client.SendAsync(request);
    }

    /// <summary>Buys one of each product from one seller and returns the sub-order and its shipment.</summary>
    private static async Task<(Guid SubOrderId, Guid ShipmentId)> BuyNow(HttpClient shopper, params Guid[] products)
    {
        using var checkout = new HttpRequestMessage(HttpMethod.Post, "/checkout")
        {
            Content = JsonContent.Create(new
            {
                address = new { recipient = "Ivan Petrov", line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" },
                paymentMethod = "pm_card_visa",
                items = products.Select(productId => new { productId, sku = "SKU-1", quantity = 1 }),
            }),
        };
        checkout.Headers.Add("Idempotency-Key", $"order-{Guid.NewGuid():N}");
        using var placed = await shopper.SendAsync(checkout);
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(order.GetProperty("status").GetString() == "Paid", $"the checkout answered {order}");
        var subOrder = Assert.Single(order.GetProperty("sellerOrders").EnumerateArray());
        return (subOrder.GetProperty("sellerOrderId").GetGuid(), subOrder.GetProperty("shipmentId").GetGuid());
    }
}
