using Marketplace.Catalog;
using Marketplace.Grains.Search;
using Marketplace.Search;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Search;

/// <summary>
/// The generated catalog (the search benchmark's 100,000 products, here 3,000), bulk-loaded into the real PostgreSQL
/// index, and the silo's search cache in front of that index.
/// </summary>
public sealed class GeneratedCatalogTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int Products = 3_000;
    private static readonly DateTimeOffset CatalogDate = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private PostgresSearchIndex Engine => new(database.DataSource);

    public async Task InitializeAsync()
    {
        await using var truncate = database.DataSource.CreateCommand("TRUNCATE search_products, search_sellers, search_terms");
        await truncate.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [StoreFact]
    public async Task The_bulk_loaded_catalog_is_searchable_in_both_languages_with_facets_typos_and_a_realistic_seller_spread()
    {
        Assert.Equal(Products, await Engine.BulkUpsertProductsAsync(GeneratedCatalog.Products(Products, 100, CatalogDate)));

        var sneakers = await Engine.SearchProductsAsync(new ProductSearchQuery("кроссовки", PageSize: 10));
        Assert.Equal(10, sneakers.Items.Count);
        Assert.All(sneakers.Items, hit => Assert.Contains("кроссовки", hit.Title, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("clothing/shoes", Assert.Single(sneakers.Categories).Value);
        Assert.Equal(sneakers.Total, sneakers.Brands.Sum(b => b.Count));

        var english = await Engine.SearchProductsAsync(new ProductSearchQuery("running shoe"));
        Assert.True(english.Total > 0);
        Assert.All(english.Items, hit => Assert.Contains("running shoes", hit.Title, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(sneakers.Total, (await Engine.SearchProductsAsync(new ProductSearchQuery("кросовки"))).Total);

        var all = await Engine.SearchProductsAsync(new ProductSearchQuery(PageSize: 1));
        Assert.Equal(Products, all.Total);
        Assert.All(all.Categories, c => Assert.True(Categories.IsLeaf(c.Value), c.Value));

        // A long tail of sellers: the biggest tenth holds far more than a tenth of the products, yet no seller most.
        var perSeller = await ProductsPerSeller();
        Assert.True(perSeller.Take(10).Sum() > Products / 4, string.Join(",", perSeller));
        Assert.True(perSeller[0] < Products / 5, string.Join(",", perSeller));

        Assert.Equal(Products, await Engine.BulkUpsertProductsAsync(GeneratedCatalog.Products(Products, 100, CatalogDate)));
        Assert.Equal(Products, (await Engine.SearchProductsAsync(new ProductSearchQuery(PageSize: 1))).Total);
    }

    [StoreFact]
    public async Task The_cache_answers_identical_searches_until_its_lifetime_ends_and_a_write_through_it_shows_at_once()
    {
        var clock = new ManualClock(CatalogDate);
        var cached = new CachedSearchIndex(Engine, clock, TimeSpan.FromSeconds(10), maxEntries: 100);
        var lamp = Document("Настольная лампа Xiaomi", sequence: 1);
        await cached.UpsertProductAsync(lamp);
        var query = new ProductSearchQuery("лампа");
        Assert.Equal(1, (await cached.SearchProductsAsync(query)).Total);

        // Written past the cache (another silo's projection): unseen while the entry is fresh (10 s ± 20 %), then
        // served once more while a refresh runs, which brings it in.
        await Engine.UpsertProductAsync(Document("Лампа для чтения Philips", sequence: 1));
        clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(1, (await cached.SearchProductsAsync(query)).Total);
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, (await cached.SearchProductsAsync(query)).Total);
        await Eventually.Until(() => cached.SearchProductsAsync(query), r => r.Total == 2, TimeSpan.FromSeconds(10), "the refreshed answer");

        // Unasked for two lifetimes, an entry is no longer served at all.
        await Engine.UpsertProductAsync(Document("Лампа напольная", sequence: 1));
        clock.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal(3, (await cached.SearchProductsAsync(query)).Total);

        // Written through this silo's cache: seen at once.
        await cached.UpsertProductAsync(lamp with { Sequence = 2, Listed = false });
        Assert.Equal(2, (await cached.SearchProductsAsync(query)).Total);
    }

    private static ProductDocument Document(string title, long sequence) =>
        new(Guid.NewGuid(), sequence, true, Guid.NewGuid(), title, "", "home/lighting", "Brightly", 1_000m, "RUB", true, null, CatalogDate);

    private async Task<List<long>> ProductsPerSeller()
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT count(*) FROM search_products GROUP BY seller_id ORDER BY count(*) DESC");
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new List<long>();
        while (await reader.ReadAsync())
        {
            counts.Add(reader.GetInt64(0));
        }
        return counts;
    }
}
