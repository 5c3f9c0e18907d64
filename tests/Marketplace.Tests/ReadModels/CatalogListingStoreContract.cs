using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Catalog.Listings;
using Marketplace.Grains.ReadModels;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>What every store of the catalog's read model must do, run against the PostgreSQL, SQLite and in-memory ones.</summary>
public abstract class CatalogListingStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected abstract ICatalogListingStore Store { get; }

    private static CatalogListingEntry Entry(Guid productId, Guid sellerId, long version, string category = "home/lighting", decimal price = 100m,
        int minutes = 0, bool visible = true, string title = "Lamp", ProductStatus status = ProductStatus.Published) =>
        new(new ProductSummary(productId, sellerId, title, "Acme", category, price, "RUB", true, "media:lamp", status, 1,
                Start, status == ProductStatus.Published ? Start.AddMinutes(minutes) : null,
                new ProductModeration(ProductModerationStatus.Approved, 1, DecidedBy: ProductModeration.DecidedByRules, DecidedAt: Start)),
            visible ? Categories.SelfAndAncestors(category).ToList() : [], version);

    private async Task<List<Guid>> Listed(string category) =>
        (await Store.CategoryAsync(category, new ListingQuery(PageSize: 100), default)).Items.Select(s => s.ProductId).ToList();

    [Fact]
    public async Task An_entry_lists_the_product_under_its_category_its_ancestors_and_its_seller_and_reads_back_whole()
    {
        var (productId, sellerId) = (Guid.NewGuid(), Guid.NewGuid());
        var entry = Entry(productId, sellerId, 10, price: 1234.5m);

        Assert.True(await Store.ApplyAsync(entry, default));

        Assert.Contains(productId, await Listed("home/lighting"));
        Assert.Contains(productId, await Listed("home"));
        var storefront = await Store.SellerAsync(sellerId, new ListingQuery(), default);
        Assert.Equal([entry.Summary], storefront.Items);
        var stored = await Store.FindAsync(productId, default);
        Assert.NotNull(stored);
        Assert.True(stored.Lists(entry));
        Assert.Equal(10, stored.Version);
    }

    [Fact]
    public async Task A_redelivered_or_older_entry_changes_nothing_whatever_order_the_events_arrive_in()
    {
        var (productId, sellerId) = (Guid.NewGuid(), Guid.NewGuid());
        var inLighting = Entry(productId, sellerId, 1, "home/lighting", title: "Lamp");
        var movedToToys = Entry(productId, sellerId, 2, "toys/games", title: "Lamp game");

        // The newer event arrives first, then the older one, then the newer again (redelivery) with a different body.
        Assert.True(await Store.ApplyAsync(movedToToys, default));
        Assert.False(await Store.ApplyAsync(inLighting, default));
        Assert.False(await Store.ApplyAsync(movedToToys with { Summary = movedToToys.Summary with { Title = "Changed twice" } }, default));

        Assert.DoesNotContain(productId, await Listed("home/lighting"));
        Assert.DoesNotContain(productId, await Listed("home"));
        Assert.Contains(productId, await Listed("toys/games"));
        var stored = await Store.FindAsync(productId, default);
        Assert.True(stored!.Lists(movedToToys));
        Assert.Equal("Lamp game", (await Store.SellerAsync(sellerId, new ListingQuery(), default)).Items.Single().Title);
    }

    [Fact]
    public async Task A_hidden_or_moved_product_leaves_its_old_listings_and_stays_in_its_sellers_list()
    {
        var (productId, sellerId) = (Guid.NewGuid(), Guid.NewGuid());
        await Store.ApplyAsync(Entry(productId, sellerId, 1, "home/lighting"), default);
        await Store.ApplyAsync(Entry(productId, sellerId, 2, "home/kitchen"), default);
        Assert.DoesNotContain(productId, await Listed("home/lighting"));
        Assert.Contains(productId, await Listed("home/kitchen"));
        Assert.Contains(productId, await Listed("home"));

        await Store.ApplyAsync(Entry(productId, sellerId, 3, "home/kitchen", visible: false, status: ProductStatus.Archived), default);

        Assert.DoesNotContain(productId, await Listed("home/kitchen"));
        Assert.DoesNotContain(productId, await Listed("home"));
        Assert.Empty((await Store.SellerAsync(sellerId, new ListingQuery(PublishedOnly: true), default)).Items);
        Assert.Equal(ProductStatus.Archived, (await Store.SellerAsync(sellerId, new ListingQuery(PublishedOnly: false), default)).Items.Single().Status);
    }

    [Fact]
    public async Task A_categorys_total_counts_each_listed_product_once_through_redeliveries_moves_hides_and_removals()
    {
        // Categories of their own, so the totals are this test's alone: a leaf and its parent, as Categories.SelfAndAncestors lists them.
        var root = $"t{Guid.NewGuid():N}";
        var (kettles, toasters) = ($"{root}/kettles", $"{root}/toasters");
        async Task<(int, int, int)> Totals() => ((await Store.CategoryAsync(root, new ListingQuery(), default)).Total,
            (await Store.CategoryAsync(kettles, new ListingQuery(), default)).Total, (await Store.CategoryAsync(toasters, new ListingQuery(), default)).Total);
        var sellerId = Guid.NewGuid();
        var (moved, hidden, removed) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        CatalogListingEntry In(Guid productId, long version, string leaf, decimal price = 100m) =>
            Entry(productId, sellerId, version, price: price) with { Categories = [leaf, root] };

        await Store.ApplyAsync(In(moved, 1, kettles), default);
        await Store.ApplyAsync(In(moved, 1, kettles), default);
        await Store.ApplyAsync(In(hidden, 1, kettles), default);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Store.ApplyAsync(In(removed, 1, kettles), default)));
        await Store.ApplyAsync(In(removed, 2, kettles, price: 90m), default);
        Assert.Equal((3, 3, 0), await Totals());

        await Store.ApplyAsync(In(moved, 2, toasters), default);
        await Store.ApplyAsync(In(moved, 1, kettles), default);
        Assert.Equal((3, 2, 1), await Totals());
        await Store.ApplyAsync(Entry(hidden, sellerId, 2, visible: false, status: ProductStatus.Archived), default);
        Assert.Equal((2, 1, 1), await Totals());

        await Store.RemoveAsync(removed, default);
        await Store.RemoveAsync(removed, default);
        Assert.Equal((1, 0, 1), await Totals());
        Assert.Equal(2, (await Store.SellerAsync(sellerId, new ListingQuery(PublishedOnly: false), default)).Total);
    }

    [Theory]
    [InlineData(ListingSort.Newest)]
    [InlineData(ListingSort.PriceAscending)]
    [InlineData(ListingSort.PriceDescending)]
    public async Task Keyset_pages_walk_the_whole_list_in_the_order_numbered_pages_show_it(ListingSort sort)
    {
        var sellerId = Guid.NewGuid();
        // Equal prices and equal times, so the tie-breaks are exercised too.
        for (var i = 0; i < 23; i++)
        {
            await Store.ApplyAsync(Entry(Guid.NewGuid(), sellerId, 1, price: 100m + i % 4, minutes: i % 5), default);
        }

        var numbered = new List<Guid>();
        for (var page = 1; page <= 5; page++)
        {
            numbered.AddRange((await Store.SellerAsync(sellerId, new ListingQuery(page, 5, sort), default)).Items.Select(s => s.ProductId));
        }
        var keyset = new List<Guid>();
        var query = new ListingQuery(PageSize: 5, Sort: sort);
        do
        {
            var page = await Store.SellerAsync(sellerId, query, default);
            Assert.Equal(23, page.Total);
            keyset.AddRange(page.Items.Select(s => s.ProductId));
            query = query with { After = page.Next };
        }
        while (query.After is not null);

        Assert.Equal(23, numbered.Distinct().Count());
        Assert.Equal(numbered, keyset);
        var all = (await Store.SellerAsync(sellerId, new ListingQuery(PageSize: 100, Sort: sort), default)).Items;
        var prices = all.Select(s => s.Price).ToList();
        Assert.Equal(sort switch
        {
            ListingSort.PriceAscending => prices.Order().ToList(),
            ListingSort.PriceDescending => prices.OrderDescending().ToList(),
            _ => prices,
        }, prices);
        var recencies = all.Select(s => s.PublishedAt!.Value).ToList();
        if (sort == ListingSort.Newest)
        {
            Assert.Equal(recencies.OrderDescending().ToList(), recencies);
        }
    }

    [Fact]
    public async Task A_cursor_the_store_did_not_hand_out_is_a_validation_error_on_after()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Store.CategoryAsync("home", new ListingQuery(After: "not a cursor"), default));
        Assert.Contains("after", error.Errors.Keys);
    }

    [Fact]
    public async Task A_removed_product_is_gone_from_every_list()
    {
        var (productId, sellerId) = (Guid.NewGuid(), Guid.NewGuid());
        await Store.ApplyAsync(Entry(productId, sellerId, 1), default);

        await Store.RemoveAsync(productId, default);

        Assert.Null(await Store.FindAsync(productId, default));
        Assert.DoesNotContain(productId, await Listed("home/lighting"));
        Assert.Empty((await Store.SellerAsync(sellerId, new ListingQuery(), default)).Items);
        Assert.DoesNotContain(productId, await Store.ProductIdsAsync(default).ToListAsync());
    }
}

public sealed class PostgresCatalogListingStoreTests(PostgresDatabase database) : CatalogListingStoreContract, IClassFixture<PostgresDatabase>
{
    protected override ICatalogListingStore Store { get; } = new SqlCatalogListingStore(ReadModelDatabase.Postgres(database.ConnectionString));
}

public sealed class SqliteCatalogListingStoreTests(SqliteDatabaseFile database) : CatalogListingStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override ICatalogListingStore Store { get; } = new SqlCatalogListingStore(ReadModelDatabase.Sqlite(database.ConnectionString));
}

[Collection(InMemoryClusterCollection.Name)]
public sealed class InMemoryCatalogListingStoreTests(InMemoryCluster cluster) : CatalogListingStoreContract
{
    protected override ICatalogListingStore Store { get; } = new InMemoryCatalogListingStore(cluster.Grains);
}
