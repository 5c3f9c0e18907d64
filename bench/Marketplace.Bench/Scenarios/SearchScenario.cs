using System.Diagnostics;
using System.Text.Json;
using Marketplace.Grains.Search;
using Npgsql;

namespace Marketplace.Bench.Scenarios;

/// <summary>
/// A shopper searching a realistic catalog: the public gateway's <c>GET /search/products</c> with 10 results and the
/// category and brand facets, over the generated catalog (100,000 products by default, Russian and English titles,
/// 1,000 sellers), which setup bulk-loads into the silo's PostgreSQL index once. The queries rotate over every kind
/// of product: its Russian name, its first word, its English name, that word misspelt, a brand within a root
/// category, a brand filter, and price sorts — a few hundred distinct searches, as a shop's popular queries are.
/// </summary>
public sealed class SearchScenario : IScenario
{
    public const int Sellers = 1_000;

    /// <summary>A fixed date, so the catalog is the same on every run and a loaded one is recognised.</summary>
    private static readonly DateTimeOffset CatalogDate = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private string[] _queries = [];

    public string Name => "search";

    public string Description =>
        "GET /search/products?pageSize=10 over the generated catalog (--catalog-products, default 100,000): stemmed full-text, typos, facets, filters, sorts";

    public async Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        await SeedCatalogAsync(context.Postgres, context.CatalogProducts, context.Log, cancellationToken);
        _queries = Queries().ToArray();
        using var response = await context.Gateway().GetAsync(_queries[0], cancellationToken);
        response.EnsureSuccessStatusCode();
        var total = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("total").GetInt64();
        context.Log($"{_queries.Length} distinct queries; '{Uri.UnescapeDataString(_queries[0])}' finds {total} products");
        if (total == 0)
        {
            throw new InvalidOperationException($"{_queries[0]} found nothing in the generated catalog");
        }
    }

    public HttpRequestMessage CreateRequest(Target target, long sequence) => new(HttpMethod.Get, _queries[sequence % _queries.Length]);

    /// <summary>Loads the generated catalog into the search index at <paramref name="postgres"/> unless its last product is there.</summary>
    public static async Task SeedCatalogAsync(string postgres, int products, Action<string> log, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres);
        await using (var present = dataSource.CreateCommand("SELECT count(*) FROM search_products WHERE product_id = @id"))
        {
            present.Parameters.AddWithValue("id", GeneratedCatalog.ProductId(products - 1));
            if ((long)(await present.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                log($"the generated catalog of {products} products is already in the search index");
                return;
            }
        }
        var stopwatch = Stopwatch.StartNew();
        var written = await new PostgresSearchIndex(dataSource).BulkUpsertProductsAsync(
            GeneratedCatalog.Products(products, Sellers, CatalogDate), cancellationToken);
        log($"loaded {written} generated products over {Sellers} sellers into the search index in {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    private static IEnumerable<string> Queries()
    {
        static string Search(string text, string more = "") => $"/search/products?q={Uri.EscapeDataString(text)}&pageSize=10{more}";
        var sorts = new[] { "", "", "&sort=price_asc", "&sort=price_desc" };
        var kinds = GeneratedCatalog.KindNames.ToList();
        for (var i = 0; i < kinds.Count; i++)
        {
            var russian = kinds[i].Russian.ToLowerInvariant();
            var firstWord = russian.Split(' ')[0];
            yield return Search(russian);
            yield return Search(firstWord, sorts[i % sorts.Length]);
            yield return Search(kinds[i].English.ToLowerInvariant());
            yield return Search(firstWord.Remove(firstWord.Length / 2, 1));
        }
        var pairs = GeneratedCatalog.CategoryBrands.ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (category, brand) = pairs[i];
            yield return Search(brand.ToLowerInvariant(), $"&category={Uri.EscapeDataString(category.Split('/')[0])}{sorts[i % sorts.Length]}");
            var kind = kinds.First(k => k.Category == category);
            yield return Search(kind.Russian.Split(' ')[0].ToLowerInvariant(), $"&brand={Uri.EscapeDataString(brand)}");
        }
    }
}
