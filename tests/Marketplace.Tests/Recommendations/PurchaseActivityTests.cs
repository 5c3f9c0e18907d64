using Marketplace.Ordering;
using Marketplace.Recommendations;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Recommendations;

/// <summary>A paid order, through the real checkout saga, as purchase activity: the shopper's taste and the bought-together counts.</summary>
[Collection(CheckoutClusterCollection.Name)]
public sealed class PurchaseActivityTests(CheckoutCluster fixture)
{
    private static readonly TimeSpan Settles = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_paid_order_teaches_the_shopper_its_category_and_pairs_its_products_as_bought_together()
    {
        var kettle = await fixture.NewListing(1500m, stock: 5);
        var toaster = await fixture.NewListing(800m, stock: 5);
        var shopper = Guid.NewGuid();

        await fixture.Grains.GetGrain<IOrderGrain>(OrderIds.ForCheckout(shopper, "recommendations"))
            .Place(CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 1), (toaster.ProductId, toaster.Sku, 2)));

        var pairs = await Eventually.Until(() => fixture.Grains.GetGrain<IAlsoBoughtGrain>(kettle.ProductId).List(1, 10),
            p => p.Items.Count > 0, Settles, "the order to pair the kettle with the toaster");
        Assert.Equal([toaster.ProductId], pairs.Items.Select(r => r.Product.ProductId));
        var interests = await Eventually.Until(fixture.Grains.GetGrain<IShopperRecommendationsGrain>(shopper).GetInterests,
            i => !i.IsEmpty, Settles, "the purchase to be learnt");
        Assert.Equal("home/kitchen", Assert.Single(interests.Categories).Name);
        var recommended = await fixture.Grains.GetGrain<IShopperRecommendationsGrain>(shopper).Recommend(1, 100);
        Assert.DoesNotContain(recommended.Items, r => r.Product.ProductId == kettle.ProductId || r.Product.ProductId == toaster.ProductId);
    }
}
