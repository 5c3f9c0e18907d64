using Marketplace.Cart;

namespace Marketplace.Bench.BareKestrel;

/// <summary>
/// Twin of the public gateway's <c>POST /cart/items</c>: reads the same body and answers the same CartView JSON with the
/// four lines a bench cart holds, built per request, without session check, product reads or a Redis write.
/// </summary>
public sealed class AddToCartBaseline : IBaseline
{
    private static readonly Guid Seller = Guid.NewGuid();
    private static readonly Guid[] Products = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost("/cart/items", (AddToCart request) =>
    {
        var lines = Products.Select((id, i) =>
        {
            var quantity = id == request.ProductId ? 2 : 1;
            var price = 1000m + i;
            return new CartLine(id, request.Sku, Seller, $"Bench product {i}", quantity, price, "RUB", price * quantity, false, price, 1_000_000,
                LineAvailability.InStock);
        }).ToList();
        return Results.Json(new CartView(lines, lines.Sum(l => l.LineTotal), "RUB", lines.Sum(l => l.Quantity), false, 42));
    });

    private sealed record AddToCart(Guid ProductId, string Sku, int Quantity);
}
