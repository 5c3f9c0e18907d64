using Marketplace.Logistics;
using Marketplace.Ordering;

namespace Marketplace.Bench.BareKestrel;

/// <summary>
/// Twin of the public gateway's <c>POST /checkout</c> (buy now, one item): reads the same body and answers 201 with
/// the same order view a paid one-item order has (three history entries, one sub-order), without stock, payment or storage.
/// </summary>
public sealed class CheckoutBaseline : IBaseline
{
    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost("/checkout", (CheckoutBody body) =>
    {
        var now = DateTimeOffset.UtcNow;
        var item = body.Items[0];
        var sellerId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var line = new OrderLine(item.ProductId, item.Sku, sellerId, "Bench kettle 0", 100m, item.Quantity, ListPrice: 100m);
        var history = new[] { "Placed", "AwaitingPayment", "Paid" }.Select(s => new StatusChange(s, now, null)).ToList();
        var subOrder = new SellerOrderView(Guid.NewGuid(), orderId, sellerId, SellerOrderStatus.AwaitingShipment, [line], line.Subtotal, "RUB",
            Guid.NewGuid(), null, [new StatusChange("AwaitingShipment", now, null)], body.Address, now, PriceBreakdown.Of([line]), null);
        var order = new OrderView(orderId, Guid.NewGuid(), OrderStatus.Paid, null, [line], line.Subtotal, "RUB", Guid.NewGuid(),
            [subOrder], history, now, body.Address, Breakdown: PriceBreakdown.Of([line]));
        return Results.Created($"/orders/{orderId}", order);
    });

    private sealed record CheckoutBody(DeliveryAddress Address, string PaymentMethod, IReadOnlyList<CheckoutItem> Items);

    private sealed record CheckoutItem(Guid ProductId, string Sku, int Quantity);
}
