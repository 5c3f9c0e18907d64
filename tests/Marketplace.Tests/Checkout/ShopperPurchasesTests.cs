using Marketplace.Ordering;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Checkout;

/// <summary>A shopper's purchase history follows their orders through the orders stream.</summary>
[Collection(CheckoutClusterCollection.Name)]
public sealed class ShopperPurchasesTests(CheckoutCluster fixture)
{
    private static readonly TimeSpan Projected = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Paid_products_are_bought_a_delivered_parcel_received_and_an_undelivered_one_withdrawn()
    {
        var kettle = await fixture.NewListing(100m, stock: 5);
        var toaster = await fixture.NewListing(50m, stock: 5);
        var shopper = Guid.NewGuid();
        var purchases = fixture.Grains.GetGrain<IShopperPurchasesGrain>(shopper);
        var order = await fixture.Grains.GetGrain<IOrderGrain>(OrderIds.ForCheckout(shopper, "history")).Place(
            CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 2), (toaster.ProductId, toaster.Sku, 1)));

        var bought = await Eventually.Until(() => purchases.List(1, 10), p => p.Total == 2, Projected, "the paid order's products to be bought");
        Assert.All(bought.Items, p => Assert.Equal((PurchaseStatus.Bought, order.OrderId), (p.Status, p.OrderId)));
        Assert.Equal(2, bought.Items.Single(p => p.ProductId == kettle.ProductId).Quantity);

        var delivered = order.SellerOrders.Single(s => s.SellerId == kettle.SellerId);
        var failed = order.SellerOrders.Single(s => s.SellerId == toaster.SellerId);
        await fixture.Grains.GetGrain<ISellerOrderGrain>(delivered.SellerOrderId).OnShipmentDelivered(delivered.ShipmentId, DateTimeOffset.UtcNow);
        await fixture.Grains.GetGrain<ISellerOrderGrain>(failed.SellerOrderId).OnShipmentFailed(failed.ShipmentId, "nobody home");

        var received = await Eventually.Until(() => purchases.Find(kettle.ProductId), p => p?.Status == PurchaseStatus.Received, Projected,
            "the delivered kettle to be received");
        Assert.NotNull(received!.ReceivedAt);
        await Eventually.Until(async () => await purchases.Find(toaster.ProductId) is null, Projected, "the undelivered toaster to be withdrawn");
        Assert.Equal(kettle.ProductId, Assert.Single((await purchases.List(1, 10)).Items).ProductId);
        Assert.Null(await fixture.Grains.GetGrain<IShopperPurchasesGrain>(Guid.NewGuid()).Find(kettle.ProductId));
    }

    [Fact]
    public async Task Recording_the_same_step_twice_changes_nothing()
    {
        var purchases = fixture.Grains.GetGrain<IShopperPurchasesGrain>(Guid.NewGuid());
        var orderId = Guid.NewGuid();
        var productId = Guid.NewGuid();
        OrderLine[] lines = [new(productId, "S", Guid.NewGuid(), "Mug", 300m, 1), new(productId, "M", Guid.NewGuid(), "Mug", 300m, 2)];
        var paidAt = DateTimeOffset.UtcNow;

        await purchases.RecordPaid(orderId, lines, paidAt);
        await purchases.RecordPaid(orderId, lines, paidAt);
        await purchases.RecordReceived(orderId, [productId], paidAt.AddDays(2));
        await purchases.RecordReceived(orderId, [productId], paidAt.AddDays(3));
        await purchases.RecordWithdrawn(orderId, [productId]);

        var purchase = Assert.Single((await purchases.List(1, 10)).Items);
        Assert.Equal((PurchaseStatus.Received, 3, paidAt.AddDays(2)), (purchase.Status, purchase.Quantity, purchase.ReceivedAt));
    }
}
