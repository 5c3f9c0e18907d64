using Marketplace.Grains.Search;
using Marketplace.Search;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Search;

/// <summary>
/// What every search engine behind <see cref="ISearchIndex"/> must do, run against each real engine by a subclass.
/// Each test starts from an empty index.
/// </summary>
public abstract class SearchIndexContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Launch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    protected static readonly Guid SellerA = Guid.Parse("0000000a-0000-0000-0000-000000000001");
    protected static readonly Guid SellerB = Guid.Parse("0000000b-0000-0000-0000-000000000002");

    protected abstract ISearchIndex Index { get; }

    /// <summary>Empties the index.</summary>
    protected abstract Task ResetAsync();

    /// <summary>Makes the writes so far visible to searches (a near-real-time engine refreshes here).</summary>
    protected virtual Task SettleAsync() => Task.CompletedTask;

    public Task InitializeAsync() => ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [StoreFact]
    public async Task Finds_products_by_every_word_and_ranks_title_matches_above_description_matches()
    {
        var shoes = Product("Trail running shoes");
        var socks = Product("Sport socks", description: "Soft socks to wear with running shoes");
        var jacket = Product("Running jacket");
        await Given(shoes, socks, jacket, Product("Leather boots"));

        var result = await Search(new ProductSearchQuery("running shoes"));

        Assert.Equal([shoes.ProductId, socks.ProductId], Ids(result));
        Assert.Equal(2, result.Total);
    }

    [StoreFact]
    public async Task A_misspelt_word_still_finds_the_product()
    {
        var headphones = Product("Wireless headphones Sonic X1");
        await Given(headphones, Product("Bluetooth speaker"), Product("Laptop stand"));

        Assert.Equal([headphones.ProductId], Ids(await Search(new ProductSearchQuery("wireles headphnes"))));
        Assert.Equal([headphones.ProductId], Ids(await Search(new ProductSearchQuery("HEADPHNES"))));
    }

    [StoreFact]
    public async Task The_last_word_may_be_unfinished()
    {
        var headphones = Product("Wireless headphones");
        await Given(headphones, Product("Wireless mouse"));

        Assert.Equal([headphones.ProductId], Ids(await Search(new ProductSearchQuery("wireless headph"))));
    }

    [StoreFact]
    public async Task Filters_by_category_subtree_brand_price_range_seller_and_stock()
    {
        var phone = Product("Phone One", "electronics/phones", "Acme", 300m, seller: SellerA);
        var headset = Product("Headset Two", "electronics/audio", "Sonic", 80m, seller: SellerB);
        var soldOut = Product("Speaker Three", "electronics/audio", "Sonic", 120m, seller: SellerA, inStock: false);
        var novel = Product("Novel Four", "books/fiction", "Papyrus", 15m, seller: SellerB);
        await Given(phone, headset, soldOut, novel);

        Assert.Equal([headset.ProductId, soldOut.ProductId, phone.ProductId], Ids(await Search(new ProductSearchQuery(Category: "electronics", Sort: ProductSort.PriceAscending))));
        Assert.Equal([headset.ProductId, soldOut.ProductId], Ids(await Search(new ProductSearchQuery(Category: "electronics/audio", Sort: ProductSort.PriceAscending))));
        Assert.Equal([headset.ProductId, soldOut.ProductId], Ids(await Search(new ProductSearchQuery(Brand: "sonic", Sort: ProductSort.PriceAscending))));
        Assert.Equal([headset.ProductId, soldOut.ProductId], Ids(await Search(new ProductSearchQuery(MinPrice: 80m, MaxPrice: 120m, Sort: ProductSort.PriceAscending))));
        Assert.Equal([phone.ProductId, soldOut.ProductId], Ids(await Search(new ProductSearchQuery(SellerId: SellerA, Sort: ProductSort.PriceDescending))));
        Assert.Equal([novel.ProductId, headset.ProductId, phone.ProductId], Ids(await Search(new ProductSearchQuery(InStock: true, Sort: ProductSort.PriceAscending))));
        Assert.Equal([headset.ProductId], Ids(await Search(new ProductSearchQuery("headset", Category: "electronics", Brand: "Sonic", MaxPrice: 100m, InStock: true))));
    }

    [StoreFact]
    public async Task Facets_count_every_match_not_only_the_page()
    {
        await Given(
            Product("Sonic earbuds", "electronics/audio", "Sonic"),
            Product("Sonic headphones", "electronics/audio", "Sonic"),
            Product("Sonic speaker", "electronics/audio", "Boom"),
            Product("Sonic phone", "electronics/phones", "Acme"),
            Product("Sonic toothbrush", "beauty/skincare", "Acme"),
            Product("Quiet kettle", "home/kitchen", "Acme"));

        var result = await Search(new ProductSearchQuery("sonic", PageSize: 1));

        Assert.Single(result.Items);
        Assert.Equal(5, result.Total);
        Assert.Equal([new("electronics/audio", 3), new("beauty/skincare", 1), new("electronics/phones", 1)], result.Categories);
        Assert.Equal([new("Acme", 2), new("Sonic", 2), new("Boom", 1)], result.Brands);
    }

    [StoreFact]
    public async Task Sorts_by_price_and_by_newest_and_pages_without_gaps_or_overlaps()
    {
        var products = Enumerable.Range(1, 5).Select(i => Product($"Lamp {i}", price: 10m * (6 - i), publishedDaysAfterLaunch: i)).ToList();
        await Given([.. products]);

        var byPrice = products.OrderBy(p => p.Price).Select(p => p.ProductId).ToList();
        Assert.Equal(byPrice, Ids(await Search(new ProductSearchQuery("lamp", Sort: ProductSort.PriceAscending))));
        Assert.Equal(byPrice.AsEnumerable().Reverse(), Ids(await Search(new ProductSearchQuery("lamp", Sort: ProductSort.PriceDescending))));
        Assert.Equal(products.OrderByDescending(p => p.PublishedAt).Select(p => p.ProductId), Ids(await Search(new ProductSearchQuery(Sort: ProductSort.Newest))));

        var pages = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await Search(new ProductSearchQuery("lamp", Sort: ProductSort.PriceAscending, Page: page, PageSize: 2));
            Assert.Equal(5, result.Total);
            pages.AddRange(Ids(result));
        }
        Assert.Equal(byPrice, pages);
        var beyond = await Search(new ProductSearchQuery("lamp", Page: 4, PageSize: 2));
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Total);
    }

    [StoreFact]
    public async Task Unlisted_products_are_never_found()
    {
        var draft = Product("Garden hose", listed: false, sequence: 1);
        await Given(draft);
        Assert.Empty(Ids(await Search(new ProductSearchQuery("garden"))));

        await Given(draft with { Listed = true, Sequence = 2 });
        Assert.Equal([draft.ProductId], Ids(await Search(new ProductSearchQuery("garden"))));

        await Given(draft with { Listed = false, Sequence = 3 });
        Assert.Empty(Ids(await Search(new ProductSearchQuery("garden"))));
        Assert.Equal(0, (await Search(new ProductSearchQuery())).Total);
    }

    [StoreFact]
    public async Task An_older_sequence_never_overwrites_a_newer_one_and_a_repeated_write_is_harmless()
    {
        var current = Product("Copper kettle", sequence: 5);
        Assert.True(await Index.UpsertProductAsync(current));
        Assert.True(await Index.UpsertProductAsync(current));
        Assert.False(await Index.UpsertProductAsync(current with { Title = "Steel kettle", Sequence = 4 }));
        Assert.False(await Index.UpsertProductAsync(current with { Listed = false, Sequence = 3 }));
        await SettleAsync();

        Assert.Equal([current.ProductId], Ids(await Search(new ProductSearchQuery("copper"))));
        Assert.Empty(Ids(await Search(new ProductSearchQuery("steel"))));
    }

    [StoreFact]
    public async Task A_tombstone_keeps_an_older_listed_write_from_resurrecting_the_product()
    {
        var archived = Product("Folding chair", listed: false, sequence: 3);
        await Given(archived);

        Assert.False(await Index.UpsertProductAsync(archived with { Listed = true, Sequence = 2 }));
        await SettleAsync();
        Assert.Empty(Ids(await Search(new ProductSearchQuery("chair"))));
    }

    [StoreFact]
    public async Task Finds_active_sellers_by_name_even_misspelt_and_pages_them()
    {
        var sunrise = new SellerDocument(Guid.NewGuid(), 1, true, "Sunrise Electronics");
        var moonlight = new SellerDocument(Guid.NewGuid(), 1, true, "Moonlight Books");
        var suspended = new SellerDocument(Guid.NewGuid(), 1, false, "Sunset Electronics");
        foreach (var seller in new[] { sunrise, moonlight, suspended })
        {
            Assert.True(await Index.UpsertSellerAsync(seller));
        }
        await SettleAsync();

        Assert.Equal([sunrise.SellerId], SellerIds(await Index.SearchSellersAsync(new SellerSearchQuery("electronics"))));
        Assert.Equal([moonlight.SellerId], SellerIds(await Index.SearchSellersAsync(new SellerSearchQuery("moonligt"))));
        var all = await Index.SearchSellersAsync(new SellerSearchQuery(PageSize: 1));
        Assert.Equal(2, all.Total);
        Assert.Single(all.Items);
    }

    [StoreFact]
    public async Task An_older_seller_version_is_ignored()
    {
        var seller = new SellerDocument(Guid.NewGuid(), 4, true, "Northwind Traders");
        Assert.True(await Index.UpsertSellerAsync(seller));
        Assert.False(await Index.UpsertSellerAsync(seller with { Version = 3, DisplayName = "Blue Harbor" }));
        Assert.False(await Index.UpsertSellerAsync(seller with { Version = 2, Listed = false }));
        await SettleAsync();

        Assert.Equal([seller.SellerId], SellerIds(await Index.SearchSellersAsync(new SellerSearchQuery("northwind"))));
        Assert.Empty(SellerIds(await Index.SearchSellersAsync(new SellerSearchQuery("harbor"))));
    }

    protected static ProductDocument Product(string title, string category = "home/lighting", string brand = "Brightly", decimal price = 100m,
        Guid? seller = null, bool inStock = true, bool listed = true, long sequence = 1, string description = "", int publishedDaysAfterLaunch = 0) =>
        new(Guid.NewGuid(), sequence, listed, seller ?? SellerA, title, description, category, brand, price, "RUB", inStock,
            null, Launch.AddDays(publishedDaysAfterLaunch));

    protected async Task Given(params ProductDocument[] products)
    {
        foreach (var product in products)
        {
            await Index.UpsertProductAsync(product);
        }
        await SettleAsync();
    }

    protected Task<ProductSearchResult> Search(ProductSearchQuery query) => Index.SearchProductsAsync(query);

    protected static List<Guid> Ids(ProductSearchResult result) => result.Items.Select(i => i.ProductId).ToList();

    private static List<Guid> SellerIds(SellerSearchResult result) => result.Items.Select(i => i.SellerId).ToList();
}
