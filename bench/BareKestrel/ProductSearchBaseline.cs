using Marketplace.Search;

namespace Marketplace.Bench.BareKestrel;

/// <summary>
/// Twin of the public gateway's <c>GET /search/products</c>: a ProductSearchResult of the size the search scenario
/// gets from the generated catalog (a page of hits with titles like its own, 4 categories and 15 brands in the
/// facets), built and serialised per request, without grain or index.
/// </summary>
public sealed class ProductSearchBaseline : IBaseline
{
    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/search/products", (int? pageSize) =>
    {
        var now = DateTimeOffset.UtcNow;
        var hits = Enumerable.Range(0, pageSize ?? 20).Select(i => new ProductHit(Guid.NewGuid(), Guid.NewGuid(),
            $"Кроссовки мужские Adidas Ultraboost, чёрный {i}", "clothing/shoes", "Adidas", 11_989m + i, "RUB", true, null, now)).ToList();
        var categories = Enumerable.Range(0, 4).Select(i => new FacetCount($"clothing/category-{i}", 1000 - i)).ToList();
        var brands = Enumerable.Range(0, 15).Select(i => new FacetCount($"Brand name {i}", 500 - i)).ToList();
        return Results.Json(new ProductSearchResult(hits, 2950, 1, hits.Count, categories, brands));
    });
}
