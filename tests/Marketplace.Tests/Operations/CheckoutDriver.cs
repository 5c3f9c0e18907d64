using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Logistics;

namespace Marketplace.Tests.Operations;

/// <summary>The traffic an operator's tools are checked against: a seller's listing and shoppers' checkouts over real HTTP.</summary>
public static class CheckoutDriver
{
    /// <summary>A seller signed up through the seller gateway, activated, with one published kettle of <paramref name="sku"/>.</summary>
    public static async Task<(SignedInUser Seller, Guid ProductId)> ListKettle(LogisticsDeployment fixture, string sku, int stock)
    {
        var seller = await fixture.Deployment.CreateClient(Gateway.Seller).SignUpAsync("Observed shop");
        await fixture.Cluster.ActiveSeller("Observed shop", seller.UserId);
        var product = await fixture.Cluster.PublishedProduct(seller.UserId, CatalogSeeding.Kettle(1500m, stock, sku));
        return (seller, product.ProductId);
    }

    /// <summary>
    /// Adds one unit to the shopper's cart and checks out with <paramref name="card"/>, continuing the caller's trace when
    /// <paramref name="traceparent"/> is given; returns the order once its checkout ended (Paid or Failed).
    /// </summary>
    public static async Task<JsonElement> Checkout(HttpClient shopper, Guid productId, string sku, string card, string? traceparent = null)
    {
        using var added = await shopper.PostAsJsonAsync("/cart/items", new { productId, sku, quantity = 1 });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        using var checkout = new HttpRequestMessage(HttpMethod.Post, "/checkout")
        {
            Content = JsonContent.Create(new
            {
                address = new { recipient = "Ivan Petrov", line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" },
                paymentMethod = card,
            }),
        };
        checkout.Headers.Add("Idempotency-Key", $"observed-{Guid.NewGuid():N}");
        if (traceparent is not null)
        {
            checkout.Headers.Add("traceparent", traceparent);
        }
        using var placed = await shopper.SendAsync(checkout);
        Assert.True(placed.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, await placed.Content.ReadAsStringAsync());
        return await CheckoutOutcome.Ended(shopper, placed);
    }
}
