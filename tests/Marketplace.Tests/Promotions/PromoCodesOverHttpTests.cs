using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Promotions;

/// <summary>The checkout deployment with authorisations patient enough for a crowd on a loaded machine: a code's race is about the code.</summary>
public sealed class PromotionsDeployment : CheckoutDeployment
{
    protected override IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>
    {
        ["Payments__AttemptTimeout"] = "00:00:10",
        ["Payments__MaxAuthoriseAttempts"] = "10",
    };
}

/// <summary>
/// Platform promo codes end to end over real gateways on real stores: operators define them, shoppers apply them to a
/// cart and check out with them, and the code's budget holds under a crowd; a failed or cancelled order gives its
/// redemption back.
/// </summary>
public sealed class PromoCodesOverHttpTests(PromotionsDeployment fixture) : IClassFixture<PromotionsDeployment>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_operator_defines_a_code_a_shopper_sees_it_in_the_cart_pays_less_and_the_platform_funded_share_is_on_each_sub_order()
    {
        using var sellerGateway = fixture.Deployment.CreateClient(Gateway.Seller);
        using var publicGateway = fixture.Deployment.CreateClient(Gateway.Public);
        using var operatorClient = await sellerGateway.SignInAsOperatorAsync();
        var (kettles, toasters) = (await fixture.Cluster.ActiveSeller(), await fixture.Cluster.ActiveSeller());
        var kettle = (await fixture.Cluster.PublishedProduct(kettles, CatalogSeeding.Kettle(1000m, 10))).ProductId;
        var toaster = (await fixture.Cluster.PublishedProduct(toasters, CatalogSeeding.Kettle(500m, 10))).ProductId;
        var code = PromoTerms.NewCode("WINTER");
        var terms = PromoTerms.Of(code, percent: 10, sellers: [kettles], budget: 5);

        using var invalid = await operatorClient.Client.PostAsJsonAsync("/operator/promo-codes", terms with { Value = 95m, MaxRedemptions = 0, Currency = "roubles" });
        using var created = await operatorClient.Client.PostAsJsonAsync("/operator/promo-codes", terms);
        using var again = await operatorClient.Client.PostAsJsonAsync("/operator/promo-codes", terms);
        using var clash = await operatorClient.Client.PostAsJsonAsync("/operator/promo-codes", terms with { Value = 20m });
        using var asSeller = await (await sellerGateway.SignUpAsync()).Client.PostAsJsonAsync("/operator/promo-codes", terms with { Code = "SELLERS-OWN" });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.All(new[] { "value", "maxRedemptions", "currency" }, field => Assert.True(errors.TryGetProperty(field, out _), field));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(created.Headers.ETag, again.Headers.ETag);
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asSeller.StatusCode);

        // The shopper's cart shows the code's effect: 10 % off the kettles, nothing off the other seller's toaster.
        using var shopper = await publicGateway.SignUpAsync();
        await CheckoutOverHttpTests.AddToCart(shopper.Client, kettle, 2);
        await CheckoutOverHttpTests.AddToCart(shopper.Client, toaster, 1);
        using var unknown = await shopper.Client.PutAsJsonAsync("/cart/promo-code", new { code = "NO-SUCH-CODE" });
        using var applied = await shopper.Client.PutAsJsonAsync("/cart/promo-code", new { code = code.ToLowerInvariant() });
        var cart = await applied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((code, true, 200m), (cart.GetProperty("promo").GetProperty("code").GetString(), cart.GetProperty("promo").GetProperty("applies").GetBoolean(),
            cart.GetProperty("promoDiscount").GetDecimal()));
        Assert.Equal(2300m, cart.GetProperty("total").GetDecimal());
        Assert.Equal([200m, 0m], cart.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("promoDiscount").GetDecimal()));

        using var placed = await CheckoutOverHttpTests.Checkout(shopper.Client, "promo-cart", new { address = CheckoutOverHttpTests.Address, paymentMethod = "pm_card_visa" });
        var order = await CheckoutOutcome.Ended(shopper.Client, placed);
        Assert.Equal(("Paid", code), (order.GetProperty("status").GetString(), order.GetProperty("promoCode").GetString()));
        Assert.Equal((2300m, 2500m, 0m, 200m), Breakdowns.Money(order.GetProperty("breakdown")));
        var authorisation = Assert.Single(await fixture.Processor.Authorizations(order.GetProperty("paymentId").GetGuid().ToString()));
        Assert.Equal(230000, authorisation.GetProperty("amount").GetInt64());
        var subOrders = order.GetProperty("sellerOrders").EnumerateArray().ToDictionary(s => s.GetProperty("sellerId").GetGuid(), s => Breakdowns.Money(s.GetProperty("breakdown")));
        Assert.Equal((1800m, 2000m, 0m, 200m), subOrders[kettles]);
        Assert.Equal((500m, 500m, 0m, 0m), subOrders[toasters]);

        // Redeemed, in the code's state (read after its deactivation) and in the operators' list; the next cart has no code.
        await fixture.Cluster.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var stored = await operatorClient.Client.GetFromJsonAsync<JsonElement>($"/operator/promo-codes/{code}");
        Assert.Equal((1, 0, 4), (stored.GetProperty("redeemed").GetInt32(), stored.GetProperty("reserved").GetInt32(), stored.GetProperty("remaining").GetInt32()));
        var listed = await Eventually.Until(() => Listed(operatorClient.Client, code), c => c.ValueKind == JsonValueKind.Object && c.GetProperty("redeemed").GetInt32() == 1,
            Patience, "the redemption in the operators' list");
        Assert.Equal("Active", listed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, (await shopper.Client.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("promo").ValueKind);

        // Cancelled: the redemption goes back to the budget.
        using var cancel = await shopper.Client.PostAsJsonAsync($"/orders/{order.GetProperty("orderId").GetGuid()}/cancel", new { reason = "changed my mind" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        stored = await Eventually.Until(() => operatorClient.Client.GetFromJsonAsync<JsonElement>($"/operator/promo-codes/{code}"),
            c => c.GetProperty("redeemed").GetInt32() == 0, Patience, "the cancelled order's redemption to be released");
        Assert.Equal(5, stored.GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task A_declined_order_releases_its_redemption_and_a_code_that_does_not_apply_is_refused_before_anything_is_held()
    {
        using var sellerGateway = fixture.Deployment.CreateClient(Gateway.Seller);
        using var publicGateway = fixture.Deployment.CreateClient(Gateway.Public);
        using var operatorClient = await sellerGateway.SignInAsOperatorAsync();
        var product = (await fixture.Cluster.PublishedProduct(await fixture.Cluster.ActiveSeller(), CatalogSeeding.Kettle(300m, 10))).ProductId;
        var code = PromoTerms.NewCode("FIXED");
        await PromoTerms.Of(code, fixedAmount: 100m, minimum: 500m, budget: 1).DefineAsync(operatorClient.Client);
        using var shopper = await publicGateway.SignUpAsync();

        using var belowMinimum = await CheckoutOverHttpTests.BuyNow(shopper.Client, "below", product, 1, code);
        using var declined = await CheckoutOverHttpTests.BuyNow(shopper.Client, "declined", product, 2, code, "pm_card_declined");
        var failed = await CheckoutOutcome.Ended(shopper.Client, declined);

        Assert.Equal(HttpStatusCode.Conflict, belowMinimum.StatusCode);
        Assert.Contains("500", (await belowMinimum.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal(100m, failed.GetProperty("breakdown").GetProperty("promoDiscount").GetDecimal());
        var stored = await Eventually.Until(() => operatorClient.Client.GetFromJsonAsync<JsonElement>($"/operator/promo-codes/{code}"),
            c => c.GetProperty("reserved").GetInt32() == 0, Patience, "the declined order's reservation to be released");
        Assert.Equal((0, 1), (stored.GetProperty("redeemed").GetInt32(), stored.GetProperty("remaining").GetInt32()));

        // The one redemption of the budget is there again for the next order.
        using var paid = await CheckoutOverHttpTests.BuyNow(shopper.Client, "paid", product, 2, code);
        Assert.Equal("Paid", (await CheckoutOutcome.Ended(shopper.Client, paid)).GetProperty("status").GetString());
        using var usedUp = await CheckoutOverHttpTests.BuyNow(shopper.Client, "used-up", product, 2, code);
        Assert.Equal(HttpStatusCode.Conflict, usedUp.StatusCode);
    }

    [Fact]
    public async Task Two_hundred_shoppers_racing_for_a_code_with_a_budget_of_fifty_redeem_it_exactly_fifty_times()
    {
        using var sellerGateway = fixture.Deployment.CreateClient(Gateway.Seller);
        using var publicGateway = fixture.Deployment.CreateClient(Gateway.Public);
        using var operatorClient = await sellerGateway.SignInAsOperatorAsync();
        var product = (await fixture.Cluster.PublishedProduct(await fixture.Cluster.ActiveSeller(), CatalogSeeding.Kettle(100m, 1000))).ProductId;
        var code = PromoTerms.NewCode("RACE");
        await PromoTerms.Of(code, percent: 20, budget: 50).DefineAsync(operatorClient.Client);
        using var signUps = new SemaphoreSlim(8);
        var shoppers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            await signUps.WaitAsync();
            try
            {
                return await publicGateway.SignUpAsync();
            }
            finally
            {
                signUps.Release();
            }
        }));

        var responses = await Task.WhenAll(shoppers.Select(s => Answered(() => CheckoutOverHttpTests.BuyNow(s.Client, "race", product, 1, code))));
        var orders = new List<JsonElement>();
        for (var i = 0; i < shoppers.Length; i++)
        {
            Assert.True(responses[i].StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{responses[i].StatusCode}: {await responses[i].Content.ReadAsStringAsync()}");
            if (responses[i].StatusCode == HttpStatusCode.Created)
            {
                orders.Add(await CheckoutOutcome.Ended(shoppers[i].Client, responses[i]));
            }
        }

        var paid = orders.Where(o => o.GetProperty("status").GetString() == "Paid").ToList();
        Assert.Equal(50, paid.Count);
        Assert.All(paid, o => Assert.Equal(20m, o.GetProperty("breakdown").GetProperty("promoDiscount").GetDecimal()));
        Assert.All(orders.Except(paid), o => Assert.Contains("could not be redeemed", o.GetProperty("failureReason").GetString()));
        var stored = await operatorClient.Client.GetFromJsonAsync<JsonElement>($"/operator/promo-codes/{code}");
        Assert.Equal((50, 0, 0), (stored.GetProperty("redeemed").GetInt32(), stored.GetProperty("reserved").GetInt32(), stored.GetProperty("remaining").GetInt32()));
        foreach (var shopper in shoppers)
        {
            shopper.Dispose();
        }
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    /// <summary>
    /// What a client does when a loaded cluster does not answer in time (a 503, or no answer before its own timeout):
    /// the same request again, with the same Idempotency-Key, which names the same order.
    /// </summary>
    private static async Task<HttpResponseMessage> Answered(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await send();
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
                {
                    return response;
                }
                response.Dispose();
            }
            catch (TaskCanceledException) when (attempt < 5)
            {
                // The client gave up waiting; the order may be under way, and the retry finds it.
            }
        }
    }

    private static async Task<JsonElement> Listed(HttpClient operatorClient, string code)
    {
        var page = await operatorClient.GetFromJsonAsync<JsonElement>("/operator/promo-codes?pageSize=100");
        return page.GetProperty("items").EnumerateArray().FirstOrDefault(c => c.GetProperty("code").GetString() == code);
    }
}
