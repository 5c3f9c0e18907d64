using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Search;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Search;

/// <summary>From catalog events to search results: the projection grains, the search grain and the PostgreSQL index together.</summary>
public sealed class SearchPipelineTests(StorefrontCluster cluster) : IClassFixture<StorefrontCluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private ISearchGrain Search => cluster.Grains.GetGrain<ISearchGrain>(0);

    [Fact]
    public async Task A_published_product_is_found_by_a_misspelt_word_and_leaves_the_results_when_archived()
    {
        var (sellerId, product) = await cluster.PublishedProduct("Aurora Audio", StorefrontCluster.Draft("Noise cancelling headphones Aurora Q7"));

        var found = await Eventually.Until(() => Search.SearchProducts(new ProductSearchQuery("aurora headphnes")),
            r => r.Items.Any(i => i.ProductId == product.ProductId), Deadline, "the published product in search results");
        var hit = found.Items.Single(i => i.ProductId == product.ProductId);
        Assert.Equal((sellerId, 2990m, "RUB", true, "electronics/audio"), (hit.SellerId, hit.Price, hit.Currency, hit.InStock, hit.Category));

        await cluster.Grains.GetGrain<IProductGrain>(product.ProductId).Archive(sellerId, product.Version);
        await Eventually.Until(() => Search.SearchProducts(new ProductSearchQuery("aurora headphones")),
            r => r.Items.All(i => i.ProductId != product.ProductId), Deadline, "the archived product gone from search results");
    }

    [Fact]
    public async Task A_card_moderation_blocks_for_a_banned_word_leaves_the_results_until_its_seller_fixes_it()
    {
        var (sellerId, product) = await cluster.PublishedProduct("Harbor Audio", StorefrontCluster.Draft($"Harbor {StorefrontCluster.BannedWord} speaker"));
        var card = cluster.Grains.GetGrain<IProductGrain>(product.ProductId);
        var query = new ProductSearchQuery("harbor speaker");

        var blocked = await Eventually.Until(() => card.GetForSeller(sellerId), p => p.Moderation?.Status == ProductModerationStatus.Blocked,
            Deadline, "the card blocked for the banned word");
        Assert.Contains(StorefrontCluster.BannedWord, blocked.Moderation!.Reason);
        // Hidden from its publication on, the card was never indexed as visible.
        Assert.DoesNotContain(product.ProductId, (await Search.SearchProducts(query)).Items.Select(i => i.ProductId));

        await card.Edit(sellerId, blocked.Version, StorefrontCluster.Draft("Harbor party speaker"));
        await Eventually.Until(() => Search.SearchProducts(query), r => r.Items.Any(i => i.ProductId == product.ProductId), Deadline,
            "the fixed card back in search results");
    }

    [Fact]
    public async Task Stock_changes_reach_the_in_stock_filter()
    {
        var (sellerId, product) = await cluster.PublishedProduct("Boreal Goods", StorefrontCluster.Draft("Boreal thermos flask", "home/kitchen", "Boreal", stock: 1));
        var sku = product.Variants.Single().Sku;
        var inStock = new ProductSearchQuery("boreal thermos", InStock: true);
        await Eventually.Until(() => Search.SearchProducts(inStock), r => r.Total == 1, Deadline, "the product among in-stock results");

        await cluster.Grains.GetGrain<IProductGrain>(product.ProductId).SetStock(sellerId, sku, 0);

        await Eventually.Until(() => Search.SearchProducts(inStock), r => r.Total == 0, Deadline, "the sold-out product out of in-stock results");
        Assert.Equal(1, (await Search.SearchProducts(new ProductSearchQuery("boreal thermos"))).Total);
    }

    [Fact]
    public async Task An_active_seller_is_found_by_name()
    {
        var (sellerId, _) = await cluster.PublishedProduct("Cascadia Outfitters", StorefrontCluster.Draft("Cascadia rain jacket", "clothing/men", "Cascadia"));

        await Eventually.Until(() => Search.SearchSellers(new SellerSearchQuery("cascadia")),
            r => r.Items.Any(s => s.SellerId == sellerId && s.DisplayName == "Cascadia Outfitters"), Deadline, "the seller in seller search");
    }

    [Fact]
    public async Task A_rebuild_restores_an_index_that_lost_everything()
    {
        var (sellerId, product) = await cluster.PublishedProduct("Glacier Gear", StorefrontCluster.Draft("Glacier trekking poles", "sports/outdoor", "Glacier"));
        var query = new ProductSearchQuery("glacier trekking");
        // Once the product is approved, a price change is its last event; the index holding that price has applied
        // every earlier one (a product's events arrive in order), so nothing re-indexes it behind the wipe's back.
        var card = cluster.Grains.GetGrain<IProductGrain>(product.ProductId);
        var approved = await Eventually.Until(() => card.GetForSeller(sellerId), p => p.Moderation?.Status == ProductModerationStatus.Approved,
            Deadline, "the product approved");
        var variant = approved.Variants.Single();
        await card.Edit(sellerId, approved.Version, StorefrontCluster.Draft("Glacier trekking poles", "sports/outdoor", "Glacier") with
        {
            Variants = [new VariantDraft(variant.Sku, variant.Attributes, 3490m, variant.Currency)],
        });
        await Eventually.Until(() => Search.SearchProducts(query), r => r.Items.SingleOrDefault()?.Price == 3490m, Deadline,
            "the product indexed from its last event");
        await using (var wipe = cluster.Database.DataSource.CreateCommand("TRUNCATE search_products, search_sellers"))
        {
            await wipe.ExecuteNonQueryAsync();
        }
        Assert.Equal(0, (await Search.SearchProducts(query)).Total);

        var report = await cluster.Grains.GetGrain<ISearchIndexRebuildGrain>(0).Rebuild();

        Assert.True(report.Products >= 1 && report.Sellers >= 1, $"rebuilt {report}");
        Assert.Equal([product.ProductId], (await Search.SearchProducts(query)).Items.Select(i => i.ProductId));
        Assert.Contains((await Search.SearchSellers(new SellerSearchQuery("glacier"))).Items, s => s.DisplayName == "Glacier Gear");
    }

    [Fact]
    public async Task Malformed_queries_are_refused_with_the_offending_fields()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Search.SearchProducts(new ProductSearchQuery(MinPrice: 500m, MaxPrice: 100m, Page: 0, PageSize: 1000)));

        Assert.Equal(["minPrice", "page", "pageSize"], error.Errors.Keys.Order());
        await Assert.ThrowsAsync<ValidationException>(() => Search.SearchSellers(new SellerSearchQuery(new string('x', 201))));
    }
}
