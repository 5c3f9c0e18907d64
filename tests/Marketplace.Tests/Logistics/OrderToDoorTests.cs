using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Logistics;

/// <summary>
/// The whole story over real HTTP: a shopper orders through the public gateway, the seller packs and hands over,
/// a courier delivers through the logistics gateway, the shopper tracks every step, and delivery captures the payment.
/// </summary>
[Collection(LogisticsDeploymentCollection.Name)]
public sealed class OrderToDoorTests(LogisticsDeployment fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task An_order_is_packed_delivered_by_a_courier_tracked_by_the_shopper_and_its_payment_captured_on_delivery()
    {
        using var seller = await fixture.Deployment.CreateClient(Gateway.Seller).SignUpAsync("Kettle shop");
        using var shopper = await fixture.Deployment.CreateClient(Gateway.Public).SignUpAsync("Shopper");
        using var courier = await fixture.Deployment.CreateClient(Gateway.Logistics).SignUpAsync("Courier");
        using var dispatcher = await fixture.Deployment.CreateClient(Gateway.Logistics).SignInAsOperatorAsync();
        var productId = await ListKettle(seller.UserId, price: 1500m);

        await Post(shopper.Client, "/cart/items", new { productId, sku = "KETTLE-1", quantity = 2 });
        using var checkout = new HttpRequestMessage(HttpMethod.Post, "/checkout")
        {
            Content = JsonContent.Create(new
            {
                address = new { recipient = "Ivan Petrov", line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" },
                paymentMethod = "pm_card_visa",
            }),
        };
        checkout.Headers.Add("Idempotency-Key", $"order-{Guid.NewGuid():N}");
        using var placed = await shopper.Client.SendAsync(checkout);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await CheckoutOutcome.Ended(shopper.Client, placed);
        Assert.Equal("Paid", order.GetProperty("status").GetString());
        var orderId = order.GetProperty("orderId").GetGuid();
        var subOrder = Assert.Single(order.GetProperty("sellerOrders").EnumerateArray());
        var subOrderId = subOrder.GetProperty("sellerOrderId").GetGuid();
        var shipmentId = subOrder.GetProperty("shipmentId").GetGuid();

        var tracked = await Eventually.Until(() => shopper.Client.GetFromJsonAsync<PagedList<ShipmentSummary>>($"/orders/{orderId}/shipments"),
            page => page!.Total == 1, Patience, "the shipment of the paid order");
        Assert.Equal(shipmentId, tracked!.Items[0].ShipmentId);
        await ExpectTracked(ShipmentStatus.Created);

        await Post(seller.Client, $"/shipments/{shipmentId}/pack", new { location = "Kettle shop warehouse" });
        await ExpectTracked(ShipmentStatus.Packed);
        await Post(seller.Client, $"/shipments/{shipmentId}/hand-over", new { channel = "Courier" });
        await ExpectTracked(ShipmentStatus.HandedOver);
        await Eventually.Until(() => SubOrderStatus(seller.Client, subOrderId), s => s == "Shipped", Patience, "the sub-order shipped");

        using var assign = await dispatcher.Client.PutAsJsonAsync($"/operator/shipments/{shipmentId}/courier", new { courierId = courier.UserId });
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        foreach (var step in new[] { ShipmentStatus.PickedUp, ShipmentStatus.InTransit, ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered })
        {
            await Post(courier.Client, $"/courier/shipments/{shipmentId}/updates", new { status = step.ToString(), updateId = $"{shipmentId}/{step}" });
            await ExpectTracked(step);
        }

        var paymentId = OrderIds.Payment(orderId).ToString();
        var authorization = await Eventually.Until(async () => Assert.Single(await fixture.Processor.Authorizations(paymentId)),
            a => a.GetProperty("captured").GetInt64() > 0, Patience, "the payment captured on delivery");
        Assert.Equal(300_000, authorization.GetProperty("captured").GetInt64());
        Assert.Equal("Delivered", await SubOrderStatus(seller.Client, subOrderId));
        using var silo = fixture.Deployment.Silos[0].CreateClient();
        Assert.Contains("marketplace_shipments_status_changes", await silo.GetStringAsync("/metrics"));

        async Task ExpectTracked(ShipmentStatus status)
        {
            var view = await shopper.Client.GetFromJsonAsync<ShipmentView>($"/shipments/{shipmentId}");
            Assert.Equal(status, view!.Status);
        }
    }

    private static async Task<string?> SubOrderStatus(HttpClient seller, Guid subOrderId) =>
        (await seller.GetFromJsonAsync<JsonElement>($"/orders/{subOrderId}")).GetProperty("status").GetString();

    private static async Task Post(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>An active seller with one published product in stock, set up in the cluster as the catalog context would.</summary>
    private async Task<Guid> ListKettle(Guid sellerId, decimal price)
    {
        await fixture.Cluster.ActiveSeller("Kettle shop", sellerId);
        return (await fixture.Cluster.PublishedProduct(sellerId, CatalogSeeding.Kettle(price, stock: 5, sku: "KETTLE-1"))).ProductId;
    }
}
