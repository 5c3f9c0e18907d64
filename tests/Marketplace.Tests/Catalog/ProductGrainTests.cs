using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Catalog;

[Collection(InMemoryClusterCollection.Name)]
public sealed class ProductGrainTests(InMemoryCluster fixture)
{
    private IProductGrain NewProduct() => fixture.Grains.GetGrain<IProductGrain>(Guid.NewGuid());

    [Fact]
    public async Task A_new_card_is_a_draft_with_its_initial_stock_and_hidden_from_shoppers()
    {
        var sellerId = await fixture.Grains.NewSeller();
        var product = NewProduct();

        var created = await product.Create(sellerId, CatalogSamples.Draft());

        Assert.Equal(ProductStatus.Draft, created.Status);
        Assert.Equal(1, created.Version);
        Assert.Equal([10, 0], created.Variants.Select(v => v.Available));
        await Assert.ThrowsAsync<NotFoundException>(() => product.GetPublished());
        var variant = await product.GetVariant("SHOE-42");
        Assert.NotNull(variant);
        Assert.False(variant.Purchasable);
        Assert.Null(await product.GetVariant("NOPE"));
    }

    [Fact]
    public async Task Creating_again_for_the_same_seller_returns_the_card_and_another_seller_is_refused()
    {
        var sellerId = await fixture.Grains.NewSeller();
        var product = NewProduct();
        var first = await product.Create(sellerId, CatalogSamples.Draft());

        var again = await product.Create(sellerId, CatalogSamples.Draft());

        Assert.Equal(first.Version, again.Version);
        Assert.Equal(10, (await product.GetStock(sellerId, "SHOE-42")).OnHand);
        await Assert.ThrowsAsync<ForbiddenException>(() => product.Create(Guid.NewGuid(), CatalogSamples.Draft()));
    }

    [Fact]
    public async Task Invalid_drafts_name_every_offending_field()
    {
        var sellerId = await fixture.Grains.NewSeller();
        var draft = CatalogSamples.Draft(" ",
            new VariantDraft("A-1", null, -5m, "RUB"),
            new VariantDraft("a-1", null, 10m, "rubles")) with { Category = "garden/gnomes" };

        var error = await Assert.ThrowsAsync<ValidationException>(() => NewProduct().Create(sellerId, draft));

        Assert.Equal(["category", "title", "variants[0].price", "variants[1].currency", "variants[1].sku"], error.Errors.Keys.Order());
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_the_fresh_one_bumps_the_version()
    {
        var sellerId = await fixture.Grains.NewSeller();
        var product = NewProduct();
        await product.Create(sellerId, CatalogSamples.Draft());

        var edited = await product.Edit(sellerId, 1, CatalogSamples.Draft("Trail running shoe v2"));
        var stale = await Assert.ThrowsAsync<VersionMismatchException>(() => product.Edit(sellerId, 1, CatalogSamples.Draft("Lost update")));

        Assert.Equal(2, edited.Version);
        Assert.Equal((1, 2), (stale.Expected, stale.Actual));
        Assert.Equal("Trail running shoe v2", (await product.GetForSeller(sellerId)).Title);
    }

    [Fact]
    public async Task Only_the_owner_reads_edits_or_stocks_a_card()
    {
        var owner = await fixture.Grains.NewSeller();
        var intruder = await fixture.Grains.NewSeller();
        var product = NewProduct();
        await product.Create(owner, CatalogSamples.Draft());

        await Assert.ThrowsAsync<ForbiddenException>(() => product.GetForSeller(intruder));
        await Assert.ThrowsAsync<ForbiddenException>(() => product.Edit(intruder, 1, CatalogSamples.Draft()));
        await Assert.ThrowsAsync<ForbiddenException>(() => product.Publish(intruder, 1));
        await Assert.ThrowsAsync<ForbiddenException>(() => product.SetStock(intruder, "SHOE-42", 0));
    }

    [Fact]
    public async Task Only_an_active_seller_publishes_and_shoppers_then_see_the_card()
    {
        var pending = await fixture.Grains.NewSeller(active: false);
        var pendingProduct = NewProduct();
        await pendingProduct.Create(pending, CatalogSamples.Draft());
        await Assert.ThrowsAsync<ConflictException>(() => pendingProduct.Publish(pending, 1));

        var active = await fixture.Grains.NewSeller();
        var product = NewProduct();
        await product.Create(active, CatalogSamples.Draft());
        var published = await product.Publish(active, 1);

        Assert.Equal(ProductStatus.Published, published.Status);
        Assert.NotNull(published.PublishedAt);
        Assert.Equal((ProductModerationStatus.Pending, false), (published.Moderation?.Status, published.Visible));
        Assert.Equal(published.Version, (await fixture.Grains.UntilVisible(published.ProductId)).Version);
        Assert.True((await product.GetVariant("SHOE-42"))!.Purchasable);

        await product.Archive(active, published.Version);
        await Assert.ThrowsAsync<NotFoundException>(() => product.GetPublished());
    }

    [Fact]
    public async Task Checkout_reservations_show_in_availability_and_through_events_in_the_listings()
    {
        var sellerId = await fixture.Grains.NewSeller();
        var productId = Guid.NewGuid();
        var product = fixture.Grains.GetGrain<IProductGrain>(productId);
        await product.Create(sellerId, CatalogSamples.Draft());
        await product.Publish(sellerId, 1);
        var shoes = fixture.Grains.CategoryListing("clothing/shoes");
        await Eventually.Until(async () => (await shoes.Query(new ListingQuery(PageSize: 100))).Items.Any(s => s.ProductId == productId && s.InStock),
            TimeSpan.FromSeconds(10), "the published product in its category listing");

        await fixture.Grains.GetGrain<IInventoryGrain>(InventoryKey.For(productId, "SHOE-42")).Reserve(Guid.NewGuid(), 10);

        Assert.Equal(0, (await product.GetVariant("SHOE-42"))!.Available);
        await Eventually.Until(async () => (await shoes.Query(new ListingQuery(PageSize: 100))).Items.Single(s => s.ProductId == productId).InStock == false,
            TimeSpan.FromSeconds(10), "the sold-out product flagged out of stock");
    }

    [Fact]
    public async Task Stock_set_by_the_seller_is_bounded_by_reservations()
    {
        var sellerId = await fixture.Grains.NewSeller();
        var productId = Guid.NewGuid();
        var product = fixture.Grains.GetGrain<IProductGrain>(productId);
        await product.Create(sellerId, CatalogSamples.Draft());
        await fixture.Grains.GetGrain<IInventoryGrain>(InventoryKey.For(productId, "SHOE-42")).Reserve(Guid.NewGuid(), 8);

        await Assert.ThrowsAsync<ConflictException>(() => product.SetStock(sellerId, "SHOE-42", 7));
        await Assert.ThrowsAsync<NotFoundException>(() => product.SetStock(sellerId, "SHOE-99", 7));
        Assert.Equal(new StockLevel(20, 8), await product.SetStock(sellerId, "SHOE-42", 20));
        Assert.Equal(new StockLevel(25, 8), await product.AdjustStock(sellerId, "SHOE-42", 5, "op-1"));
        Assert.Equal(new StockLevel(25, 8), await product.AdjustStock(sellerId, "SHOE-42", 5, "op-1"));
    }
}
