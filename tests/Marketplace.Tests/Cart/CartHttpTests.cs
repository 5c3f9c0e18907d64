using System.Net;
using System.Net.Http.Json;
using Marketplace.Tests.Identity;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Cart;

/// <summary>/cart on the public gateway over real HTTP, with carts in Redis and products on PostgreSQL.</summary>
[Collection(IdentityDeploymentCollection.Name)]
public sealed class CartHttpTests(IdentityDeployment fixture)
{
    private const string CartIdHeader = "X-Cart-Id";

    [Fact]
    public async Task Every_read_reprices_and_flags_price_changes_and_missing_stock()
    {
        var shoe = await fixture.PublishProduct(price: 1000m, stock: 5);
        var hat = await fixture.PublishProduct(price: 300m, stock: 2);
        using var shopper = await fixture.Public.SignUpAsync();
        await Add(shopper.Client, shoe, 2);
        var added = await Add(shopper.Client, hat, 1);
        Assert.Equal(2300m, added.Total);
        Assert.False(added.HasIssues);

        await shoe.ChangePrice(1200m);
        await hat.SetStock(0);
        // Stock reaches the product card asynchronously from its inventory grain.
        var cart = await Eventually.Until(() => shopper.Client.GetFromJsonAsync<CartBody>("/cart"),
            c => c!.Lines.Any(l => l.Availability == "OutOfStock"), TimeSpan.FromSeconds(10), "the hat to show as out of stock");

        var shoeLine = cart!.Lines.Single(l => l.ProductId == shoe.ProductId);
        Assert.Equal((1200m, 1000m, true, 2400m, "InStock"), (shoeLine.UnitPrice, shoeLine.PreviousUnitPrice, shoeLine.PriceChanged, shoeLine.LineTotal, shoeLine.Availability));
        var hatLine = cart.Lines.Single(l => l.ProductId == hat.ProductId);
        Assert.Equal(("OutOfStock", 0), (hatLine.Availability, hatLine.Available));
        Assert.True(cart.HasIssues);
        Assert.Equal(2400m, cart.Total);

        using var accepted = await shopper.Client.PostAsync("/cart/accept-prices", null);
        var afterAccept = (await accepted.Content.ReadFromJsonAsync<CartBody>())!;
        Assert.False(afterAccept.Lines.Single(l => l.ProductId == shoe.ProductId).PriceChanged);
    }

    [Fact]
    public async Task Quantities_change_lines_go_and_the_cart_clears()
    {
        var shoe = await fixture.PublishProduct(price: 1000m, stock: 5);
        var hat = await fixture.PublishProduct(price: 300m, stock: 5);
        using var shopper = await fixture.Public.SignUpAsync();
        await Add(shopper.Client, shoe, 1);
        await Add(shopper.Client, hat, 1);

        using var changed = await shopper.Client.PutAsJsonAsync($"/cart/items/{shoe.ProductId}/{shoe.Sku}", new { quantity = 3 });
        Assert.Equal(3, (await changed.Content.ReadFromJsonAsync<CartBody>())!.Lines.Single(l => l.ProductId == shoe.ProductId).Quantity);
        using var tooMany = await shopper.Client.PutAsJsonAsync($"/cart/items/{shoe.ProductId}/{shoe.Sku}", new { quantity = 6 });
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);

        using var removed = await shopper.Client.DeleteAsync($"/cart/items/{hat.ProductId}/{hat.Sku}");
        Assert.Equal([shoe.ProductId], (await removed.Content.ReadFromJsonAsync<CartBody>())!.Lines.Select(l => l.ProductId));

        using var cleared = await shopper.Client.DeleteAsync("/cart");
        Assert.Empty((await cleared.Content.ReadFromJsonAsync<CartBody>())!.Lines);
    }

    [Fact]
    public async Task Adding_is_refused_beyond_stock_or_for_an_unknown_sku()
    {
        var shoe = await fixture.PublishProduct(price: 1000m, stock: 2);
        using var shopper = await fixture.Public.SignUpAsync();

        using var tooMany = await shopper.Client.PostAsJsonAsync("/cart/items", new { productId = shoe.ProductId, sku = shoe.Sku, quantity = 3 });
        using var unknown = await shopper.Client.PostAsJsonAsync("/cart/items", new { productId = shoe.ProductId, sku = "NOPE", quantity = 1 });
        using var zero = await shopper.Client.PostAsJsonAsync("/cart/items", new { productId = shoe.ProductId, sku = shoe.Sku, quantity = 0 });

        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
    }

    [Fact]
    public async Task A_repeated_add_with_the_same_idempotency_key_counts_once()
    {
        var shoe = await fixture.PublishProduct(price: 1000m, stock: 5);
        using var shopper = await fixture.Public.SignUpAsync();
        var key = Guid.NewGuid().ToString();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/cart/items")
            {
                Content = JsonContent.Create(new { productId = shoe.ProductId, sku = shoe.Sku, quantity = 1 }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await shopper.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, (await shopper.Client.GetFromJsonAsync<CartBody>("/cart"))!.ItemCount);
    }

    [Fact]
    public async Task An_anonymous_cart_merges_into_the_shoppers_cart_at_sign_in()
    {
        var shoe = await fixture.PublishProduct(price: 1000m, stock: 10);
        var hat = await fixture.PublishProduct(price: 300m, stock: 10);
        using var shopper = await fixture.Public.SignUpAsync();
        await Add(shopper.Client, shoe, 1);

        // Before signing in, on another device: the gateway issues a cart id and the visitor sends it back.
        using var visitor = new HttpClient { BaseAddress = fixture.Public.BaseAddress };
        using var first = await visitor.PostAsJsonAsync("/cart/items", new { productId = shoe.ProductId, sku = shoe.Sku, quantity = 2 });
        var cartId = first.Headers.GetValues(CartIdHeader).Single();
        visitor.DefaultRequestHeaders.Add(CartIdHeader, cartId);
        await Add(visitor, hat, 1);
        Assert.Equal(3, (await visitor.GetFromJsonAsync<CartBody>("/cart"))!.ItemCount);

        using var login = await visitor.PostAsJsonAsync("/auth/login", new { email = shopper.Email, password = shopper.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        var merged = await shopper.Client.GetFromJsonAsync<CartBody>("/cart");
        Assert.Equal([(shoe.ProductId, 3), (hat.ProductId, 1)], merged!.Lines.Select(l => (l.ProductId, l.Quantity)));
        Assert.Empty((await visitor.GetFromJsonAsync<CartBody>("/cart"))!.Lines);
    }

    [Fact]
    public async Task A_failed_token_is_401_rather_than_an_anonymous_cart()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        await shopper.Client.PostAsync("/auth/logout", null);

        using var response = await shopper.Client.GetAsync("/cart");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<CartBody> Add(HttpClient client, PublishedProduct product, int quantity)
    {
        using var response = await client.PostAsJsonAsync("/cart/items", new { productId = product.ProductId, sku = product.Sku, quantity });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CartBody>())!;
    }

    private sealed record Line(Guid ProductId, string Sku, Guid SellerId, int Quantity, decimal UnitPrice, decimal LineTotal,
        bool PriceChanged, decimal PreviousUnitPrice, int Available, string Availability);

    private sealed record CartBody(IReadOnlyList<Line> Lines, decimal Total, string? Currency, int ItemCount, bool HasIssues, long Version);
}
