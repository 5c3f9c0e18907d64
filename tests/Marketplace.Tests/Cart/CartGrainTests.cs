using Marketplace.Cart;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Marketplace.Tests.Cart;

/// <summary>An in-memory cluster whose anonymous carts are abandoned after three seconds.</summary>
public sealed class CartCluster : IAsyncLifetime
{
    public static readonly TimeSpan AnonymousLifetime = TimeSpan.FromSeconds(3);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await MarketplaceTestCluster.StartAsync(
        new Dictionary<string, string?> { ["Cart:AnonymousCartLifetime"] = AnonymousLifetime.ToString() });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    public async Task<CartItem> PublishProduct(decimal price, int stock, Guid? sellerId = null)
    {
        var seller = sellerId ?? await Grains.ActiveSeller("Store");
        var productId = Guid.NewGuid();
        var product = Grains.GetGrain<IProductGrain>(productId);
        await product.Create(seller, new ProductDraft("Item", null, "clothing/shoes", null, null, null, [new VariantDraft("SKU", null, price, "RUB", stock)]));
        await product.Publish(seller, 1);
        await Grains.UntilVisible(productId);
        return new CartItem(productId, "SKU");
    }
}

public sealed class CartGrainTests(CartCluster fixture) : IClassFixture<CartCluster>
{
    private ICartGrain UserCart() => fixture.Grains.GetGrain<ICartGrain>(CartKeys.ForUser(Guid.NewGuid()));

    private ICartGrain AnonymousCart(out string key)
    {
        key = CartKeys.ForAnonymous(Guid.NewGuid());
        return fixture.Grains.GetGrain<ICartGrain>(key);
    }

    [Fact]
    public async Task An_abandoned_anonymous_cart_empties_but_a_shoppers_cart_stays()
    {
        var item = await fixture.PublishProduct(100m, 5);
        var anonymous = AnonymousCart(out _);
        var user = UserCart();
        await anonymous.Add(item, 1);
        await user.Add(item, 1);

        await Eventually.Until(async () => (await anonymous.Get()).Lines.Count == 0, TimeSpan.FromSeconds(15), "the anonymous cart to expire");

        Assert.Single((await user.Get()).Lines);
    }

    [Fact]
    public async Task A_touched_anonymous_cart_lives_on()
    {
        var item = await fixture.PublishProduct(100m, 50);
        var anonymous = AnonymousCart(out _);

        // Touched every quarter lifetime for two lifetimes: had it expired in between, the line would have started again at 1.
        var adds = 0;
        var deadline = DateTime.UtcNow + CartCluster.AnonymousLifetime * 2;
        while (DateTime.UtcNow < deadline)
        {
            await anonymous.Add(item, 1);
            adds++;
            await Task.Delay(CartCluster.AnonymousLifetime / 4);
        }

        Assert.Equal(adds, Assert.Single((await anonymous.Get()).Lines).Quantity);
    }

    [Fact]
    public async Task Merging_the_same_anonymous_cart_twice_adds_its_lines_once()
    {
        var item = await fixture.PublishProduct(100m, 50);
        var anonymous = AnonymousCart(out var key);
        var user = UserCart();
        await anonymous.Add(item, 2);
        await user.Add(item, 1);

        await user.MergeFrom(key);
        var again = await user.MergeFrom(key);

        Assert.Equal(3, again.Lines.Single().Quantity);
        Assert.Empty((await anonymous.Get()).Lines);
        await Assert.ThrowsAsync<ValidationException>(() => anonymous.MergeFrom(CartKeys.ForUser(Guid.NewGuid())));
    }

    [Fact]
    public async Task Checkout_gets_priced_lines_grouped_by_seller()
    {
        var first = await fixture.PublishProduct(100m, 5);
        var second = await fixture.PublishProduct(250m, 5);
        var cart = UserCart();
        await Assert.ThrowsAsync<ConflictException>(() => cart.GetForCheckout());
        await cart.Add(first, 2);
        await cart.Add(second, 1);

        var checkout = await cart.GetForCheckout();

        Assert.Equal(2, checkout.Sellers.Count);
        Assert.Equal([200m, 250m], checkout.Sellers.Select(s => s.Subtotal).Order());
        Assert.Equal((450m, "RUB", false), (checkout.Total, checkout.Currency, checkout.HasIssues));
        await cart.Clear();
        Assert.Empty((await cart.Get()).Lines);
    }
}
