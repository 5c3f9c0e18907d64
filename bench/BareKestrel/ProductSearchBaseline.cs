using Marketplace.Search;

namespace Marketplace.Bench.BareKestrel;

/// <summary>
/// Twin of the public gateway's <c>GET /search/products</c>: a ProductSearchResult of the size the product-search
/// scenario gets (a page of 20 hits and both facets), built and serialised per request, without grain or index.
/// </summary>
public sealed class ProductSearchBaseline : IBaseline
{
    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/search/products", (int? pageSize) =>
    {
        var now = DateTimeOffset.UtcNow;
        var sellerId = Guid.NewGuid();
        var hits = Enumerable.Range(0, pageSize ?? 20).Select(i => new ProductHit(Guid.NewGuid(), sellerId, $"Bench product {i}",
            "electronics/audio", "Bench", 1990m, "RUB", true, $"media:bench-{i}-1", now)).ToList();
        return Results.Json(new ProductSearchResult(hits, 100, 1, hits.Count, [new FacetCount("electronics/audio", 100)], [new FacetCount("Bench", 100)]));
    });
}
