using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Sellers;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Catalog;

[Collection(InMemoryClusterCollection.Name)]
public sealed class ProductListingTests(InMemoryCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_storefront_pages_and_sorts_its_published_products_and_the_seller_sees_drafts_too()
    {
        var sellerId = await fixture.Grains.NewSeller();
        var prices = new[] { 300m, 100m, 500m, 200m, 400m };
        foreach (var price in prices)
        {
            await NewProduct(sellerId, $"Item {price}", price, publish: price != 500m);
        }
        var storefront = fixture.Grains.SellerListing(sellerId);
        await Eventually.Until(async () => (await storefront.Query(new ListingQuery(PublishedOnly: false))).Total == 5 &&
                                           (await storefront.Query(new ListingQuery())).Total == 4, Patience, "all five products listed");

        var cheapest = await storefront.Query(new ListingQuery(Page: 1, PageSize: 3, Sort: ListingSort.PriceAscending));
        var rest = await storefront.Query(new ListingQuery(Page: 2, PageSize: 3, Sort: ListingSort.PriceAscending));
        var dearest = await storefront.Query(new ListingQuery(PageSize: 1, Sort: ListingSort.PriceDescending));
        var newest = await storefront.Query(new ListingQuery(PageSize: 1));

        Assert.Equal([100m, 200m, 300m], cheapest.Items.Select(s => s.Price));
        Assert.Equal([400m], rest.Items.Select(s => s.Price));
        Assert.Equal(4, rest.Total);
        Assert.Equal([400m], dearest.Items.Select(s => s.Price));
        Assert.Equal("Item 400", newest.Items.Single().Title);
        await Assert.ThrowsAsync<ValidationException>(() => storefront.Query(new ListingQuery(PageSize: 1000)));
    }

    [Fact]
    public async Task A_category_lists_published_products_of_its_subcategories_and_forgets_moved_or_archived_ones()
    {
        var sellerId = await fixture.Grains.NewSeller();
        var (product, productId) = await NewProduct(sellerId, "Desk lamp", 1500m, publish: true, category: "home/lighting");
        var lighting = fixture.Grains.CategoryListing("home/lighting");
        var home = fixture.Grains.CategoryListing("home");
        var kitchen = fixture.Grains.CategoryListing("home/kitchen");
        await Eventually.Until(async () => await Lists(lighting, productId) && await Lists(home, productId), Patience, "the lamp under lighting and home");

        var moved = await product.Edit(sellerId, 2, Draft("Desk lamp", 1500m, "home/kitchen"));
        await Eventually.Until(async () => await Lists(kitchen, productId) && !await Lists(lighting, productId) && await Lists(home, productId),
            Patience, "the lamp moved to kitchen");

        await product.Archive(sellerId, moved.Version);
        await Eventually.Until(async () => !await Lists(kitchen, productId) && !await Lists(home, productId), Patience, "the archived lamp unlisted");
    }

    [Fact]
    public async Task A_suspended_sellers_products_are_hidden_and_not_for_sale_until_reinstated()
    {
        var sellerId = await fixture.Grains.NewSeller();
        var (product, productId) = await NewProduct(sellerId, "Board game", 2500m, publish: true);
        var games = fixture.Grains.CategoryListing("toys/games");
        await Eventually.Until(() => Lists(games, productId), Patience, "the game listed");
        var seller = fixture.Grains.GetGrain<ISellerGrain>(sellerId);

        await seller.ChangeStatus(SellerStatus.Suspended, "Unpaid fees");
        await Eventually.Until(async () => !(await product.GetVariant("SKU-1"))!.Purchasable && !await Lists(games, productId),
            Patience, "the suspended seller's game hidden and not for sale");
        await Assert.ThrowsAsync<NotFoundException>(() => product.GetPublished());

        await seller.ChangeStatus(SellerStatus.Active, null);
        await Eventually.Until(async () => (await product.GetVariant("SKU-1"))!.Purchasable && await Lists(games, productId),
            Patience, "the reinstated seller's game back on sale");
    }

    private async Task<(IProductGrain Product, Guid ProductId)> NewProduct(Guid sellerId, string title, decimal price, bool publish,
        string category = "toys/games")
    {
        var productId = Guid.NewGuid();
        var product = fixture.Grains.GetGrain<IProductGrain>(productId);
        await product.Create(sellerId, Draft(title, price, category));
        if (publish)
        {
            await product.Publish(sellerId, 1);
            await fixture.Grains.UntilVisible(productId);
        }
        return (product, productId);
    }

    private static ProductDraft Draft(string title, decimal price, string category) =>
        CatalogSamples.Draft(title, CatalogSamples.Variant("SKU-1", price)) with { Category = category };

    private static async Task<bool> Lists(CatalogListing listing, Guid productId) =>
        (await listing.Query(new ListingQuery(PageSize: 100))).Items.Any(s => s.ProductId == productId);
}
