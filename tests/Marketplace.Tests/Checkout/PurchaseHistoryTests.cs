using Marketplace.Ordering;
using Marketplace.ReadModels;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Checkout;

/// <summary>A shopper's purchase history follows their orders through the orders stream into its table, and a rebuild gives the same rows.</summary>
[Collection(CheckoutClusterCollection.Name)]
public sealed class PurchaseHistoryTests(CheckoutCluster fixture)
{
    private static readonly TimeSpan Projected = TimeSpan.FromSeconds(15);

    private IPurchaseHistoryGrain History => fixture.Grains.GetGrain<IPurchaseHistoryGrain>(0);

    [Fact]
    public async Task Paid_products_are_bought_a_delivered_parcel_received_and_an_undelivered_one_withdrawn()
    {
        var kettle = await fixture.NewListing(100m, stock: 5);
        var toaster = await fixture.NewListing(50m, stock: 5);
        var shopper = Guid.NewGuid();
        var order = await fixture.Grains.GetGrain<IOrderGrain>(OrderIds.ForCheckout(shopper, "history")).Place(
            CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 2), (toaster.ProductId, toaster.Sku, 1)));

        var bought = await Eventually.Until(() => History.List(shopper, 1, 10), p => p.Total == 2, Projected, "the paid order's products to be bought");
        Assert.All(bought.Items, p => Assert.Equal((PurchaseStatus.Bought, order.OrderId), (p.Status, p.OrderId)));
        Assert.Equal(2, bought.Items.Single(p => p.ProductId == kettle.ProductId).Quantity);

        var delivered = order.SellerOrders.Single(s => s.SellerId == kettle.SellerId);
        var failed = order.SellerOrders.Single(s => s.SellerId == toaster.SellerId);
        await fixture.Grains.GetGrain<ISellerOrderGrain>(delivered.SellerOrderId).OnShipmentDelivered(delivered.ShipmentId, DateTimeOffset.UtcNow);
        await fixture.Grains.GetGrain<ISellerOrderGrain>(failed.SellerOrderId).OnShipmentFailed(failed.ShipmentId, "nobody home");

        var received = await Eventually.Until(() => History.Find(shopper, kettle.ProductId), p => p?.Status == PurchaseStatus.Received, Projected,
            "the delivered kettle to be received");
        Assert.NotNull(received!.ReceivedAt);
        await Eventually.Until(async () => await History.Find(shopper, toaster.ProductId) is null, Projected, "the undelivered toaster to be withdrawn");
        Assert.Equal(kettle.ProductId, Assert.Single((await History.List(shopper, 1, 10)).Items).ProductId);
        Assert.Null(await History.Find(Guid.NewGuid(), kettle.ProductId));
    }

    [Fact]
    public async Task The_operators_check_finds_the_projected_rows_equal_to_the_sub_orders()
    {
        var kettle = await fixture.NewListing(80m, stock: 5);
        var shopper = Guid.NewGuid();
        var order = await fixture.Grains.GetGrain<IOrderGrain>(OrderIds.ForCheckout(shopper, "checked")).Place(
            CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, kettle.Sku, 1)));
        var sellerOrder = Assert.Single(order.SellerOrders);
        await fixture.Grains.GetGrain<ISellerOrderGrain>(sellerOrder.SellerOrderId).OnShipmentDelivered(sellerOrder.ShipmentId, DateTimeOffset.UtcNow);
        await Eventually.Until(() => History.Find(shopper, kettle.ProductId), p => p?.Status == PurchaseStatus.Received, Projected,
            "the delivered kettle to be received");

        // The Memory profile cannot list stored aggregates, so the check compares the rows the table has (the rebuild runs on PostgreSQL, CheckoutCrashTests).
        var operations = fixture.Grains.GetGrain<IReadModelOperationsGrain>(0);
        Assert.Contains(ReadModelNames.PurchaseHistory, await operations.ReadModels());
        // Other checkouts of this cluster may still be on their way into the table, so the check is run until it comes out clean.
        var report = await Eventually.Until(async () =>
        {
            await operations.Start(ReadModelNames.PurchaseHistory, ReadModelJobKind.Check);
            var job = await Eventually.Until(() => operations.Job(ReadModelNames.PurchaseHistory), j => j.State != ReadModelJobState.Running,
                TimeSpan.FromSeconds(60), "the check of the purchase history");
            Assert.Equal(ReadModelJobState.Succeeded, job.State);
            return job.Report!;
        }, r => r.Consistent, TimeSpan.FromSeconds(30), "a clean check of the purchase history");

        Assert.True(report.Checked >= 1, report.ToString());
    }
}
