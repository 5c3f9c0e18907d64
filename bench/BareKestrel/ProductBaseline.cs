using Marketplace.Catalog;

namespace Marketplace.Bench.BareKestrel;

/// <summary>
/// Twin of the public gateway's <c>GET /products/{id}</c>: the very ProductSnapshot record, with the content the
/// product-by-id scenario creates, built and serialised per request with its ETag, but without the grain call.
/// </summary>
public sealed class ProductBaseline : IBaseline
{
    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/products/{productId:guid}", (Guid productId, HttpContext http) =>
    {
        var index = productId.GetHashCode() & 0x7f;
        var now = DateTimeOffset.UtcNow;
        var product = new ProductSnapshot(productId, Guid.NewGuid(), $"Bench product {index}",
            "A product card of typical size: a title, a paragraph of description, a few attributes and two variants.",
            "electronics/audio", "Bench",
            new Dictionary<string, string> { ["colour"] = "black", ["warranty"] = "12 months", ["origin"] = "bench" },
            ProductStatus.Published,
            [
                new ProductVariant($"BENCH-{index}-S", new Dictionary<string, string> { ["size"] = "S" }, 1990m, "RUB", 100),
                new ProductVariant($"BENCH-{index}-M", new Dictionary<string, string> { ["size"] = "M" }, 2190m, "RUB", 100),
            ],
            [],
            2, now, now, now);
        http.Response.Headers.ETag = $"\"{product.Version}\"";
        return Results.Json(product);
    });
}
