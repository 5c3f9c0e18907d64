using System.Text.Json;

namespace Marketplace.Bench.Scenarios;

/// <summary>
/// A shopper searching: the public gateway's <c>GET /search/products</c>, one stateless search grain call and the
/// PostgreSQL index (full-text, pg_trgm typo correction, facets and the page in one batch). Three queries in
/// rotation over the product-by-id scenario's 100 products: plain words, a misspelt word with a category and a
/// sort, and a filter-heavy one.
/// </summary>
public sealed class ProductSearchScenario : IScenario
{
    private const int Products = 100;

    private static readonly string[] Queries =
    [
        "/search/products?q=bench%20product&pageSize=20",
        "/search/products?q=bnech&category=electronics&sort=price_asc&pageSize=20",
        "/search/products?q=product&brand=Bench&minPrice=1000&maxPrice=5000&inStock=true&sort=newest&pageSize=20",
    ];

    public string Name => "product-search";

    public string Description => "GET /search/products: full-text + typo correction + facets on the PostgreSQL index, 3 queries in rotation";

    public IReadOnlyCollection<GatewayKind> SetupGateways => [GatewayKind.Seller];

    public async Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        await new ProductByIdScenario().SetupAsync(context, cancellationToken);

        // The index is fed asynchronously from the products' events: wait until every product is searchable.
        var gateway = context.Gateway(GatewayKind.Public);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await gateway.GetAsync("/search/products?q=bench%20product&pageSize=1", cancellationToken);
            response.EnsureSuccessStatusCode();
            var total = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("total").GetInt64();
            if (total >= Products)
            {
                context.Log($"{total} products searchable");
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {total} of {Products} products became searchable within 60 s.");
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    public HttpRequestMessage CreateRequest(Target target, long sequence) => new(HttpMethod.Get, Queries[sequence % Queries.Length]);
}
