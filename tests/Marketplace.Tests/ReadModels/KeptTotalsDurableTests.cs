using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Ordering;
using Marketplace.ReadModels;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;
using Npgsql;

namespace Marketplace.Tests.ReadModels;

/// <summary>
/// A category's and a shopper's page totals on PostgreSQL, kept by the projections in the rows' transactions (no
/// count of the rows at read time): they follow publishes, edits, archives, purchases and a withdrawal; the operators'
/// check finds kept totals someone changed behind the stores' backs and repairs them; a rebuild recounts them; and a
/// cluster started afterwards reads the same totals.
/// </summary>
public sealed class KeptTotalsDurableTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Kitchen = "home/kitchen";

    [Fact]
    public async Task A_categorys_and_a_shoppers_totals_follow_their_rows_are_repaired_by_the_check_rebuilt_and_read_back_after_a_restart()
    {
        await using var processor = await PaymentGatewayProcess.StartAsync();
        var settings = CheckoutCluster.Settings(processor);
        settings["Storage:Profile"] = "Durable";
        settings["Storage:Postgres"] = database.ConnectionString;
        settings["Storage:Redis"] = TestStores.Redis;
        var serviceId = $"totals-{Guid.NewGuid():N}";
        var shopperId = Guid.NewGuid();

        await using (var cluster = await MarketplaceTestCluster.StartAsync(settings, serviceId: serviceId))
        {
            var grains = cluster.Client;
            var sellerId = await grains.ActiveSeller();
            var kettles = new List<ProductSnapshot>();
            for (var i = 0; i < 4; i++)
            {
                kettles.Add(await grains.PublishedProduct(sellerId, CatalogSeeding.Kettle(100m + i, stock: 10)));
            }
            await Totals(grains, shopperId, 4, 0, "four kettles listed");

            var edited = await grains.GetGrain<IProductGrain>(kettles[0].ProductId).Edit(sellerId, kettles[0].Version, CatalogSeeding.Kettle(150m, 10));
            await Eventually.Until(() => grains.CategoryListing(Kitchen).Query(new ListingQuery(PageSize: 10)),
                p => p.Items.Any(s => s.ProductId == edited.ProductId && s.Price == 150m), Patience, "the edited kettle's new price listed");
            await grains.GetGrain<IProductGrain>(kettles[3].ProductId).Archive(sellerId, kettles[3].Version);
            await Totals(grains, shopperId, 3, 0, "the edited kettle counted once, the archived one not");

            // Two kettles in one sub-order (two purchase rows), then one in another whose parcel fails (withdrawn).
            var first = await Paid(grains, shopperId, "first", kettles[1], kettles[2]);
            var second = await Paid(grains, shopperId, "second", kettles[1]);
            await Totals(grains, shopperId, 3, 3, "three purchases");
            var failed = second.SellerOrders.Single();
            await grains.GetGrain<ISellerOrderGrain>(failed.SellerOrderId).OnShipmentFailed(failed.ShipmentId, "nobody home");
            await Totals(grains, shopperId, 3, 2, "the undelivered purchase withdrawn");
            Assert.Single(first.SellerOrders);

            // Kept totals changed behind the stores' backs: the check finds them, a repairing check rewrites them from the rows.
            await Execute("UPDATE catalog_listing_counts SET row_count = row_count + 5 WHERE list = 'Category' AND owner_id = @owner " +
                "AND shard = (SELECT min(shard) FROM catalog_listing_counts WHERE list = 'Category' AND owner_id = @owner)", Kitchen);
            await Execute("DELETE FROM ordering_list_counts WHERE list = 'Purchases' AND owner_id = @owner", shopperId);
            await Totals(grains, shopperId, 8, 0, "the drifted totals answered", listed: (3, 2));
            foreach (var readModel in new[] { ReadModelNames.Catalog, ReadModelNames.PurchaseHistory })
            {
                var found = await ReadModelJobs.Run(grains, readModel, ReadModelJobKind.Check);
                Assert.True(found.Stale >= 1 && found.Examples.Any(e => e.StartsWith("Stale total:")), found.ToString());
                Assert.True((await ReadModelJobs.Run(grains, readModel, ReadModelJobKind.Repair)).Repaired >= found.Stale, readModel);
                var clean = await ReadModelJobs.Run(grains, readModel, ReadModelJobKind.Check);
                Assert.True(clean.Consistent, clean.ToString());
            }
            await Totals(grains, shopperId, 3, 2, "the repaired totals");

            foreach (var readModel in new[] { ReadModelNames.Catalog, ReadModelNames.PurchaseHistory })
            {
                await ReadModelJobs.Run(grains, readModel, ReadModelJobKind.Rebuild);
            }
            await Totals(grains, shopperId, 3, 2, "the rebuilt totals");
        }

        await using var restarted = await MarketplaceTestCluster.StartAsync(settings, serviceId: serviceId);
        var listed = await restarted.Client.CategoryListing(Kitchen).Query(new ListingQuery(PageSize: 10));
        Assert.Equal((3, 3), (listed.Total, listed.Items.Count));
        var purchases = await restarted.Client.GetGrain<IPurchaseHistoryGrain>(0).List(shopperId, 1, 10);
        Assert.Equal((2, 2), (purchases.Total, purchases.Items.Count));
    }

    /// <summary>
    /// Waits until the kitchen's total and the shopper's purchase total are as expected, and their pages list
    /// <paramref name="listed"/> rows (unless told otherwise, as many as the totals say).
    /// </summary>
    private static Task Totals(IGrainFactory grains, Guid shopperId, int category, int purchases, string what, (int, int)? listed = null) =>
        Eventually.Until(async () =>
        {
            var kitchen = await grains.CategoryListing(Kitchen).Query(new ListingQuery(PageSize: 10));
            var bought = await grains.GetGrain<IPurchaseHistoryGrain>(0).List(shopperId, 1, 10);
            return (Totals: (kitchen.Total, bought.Total), Rows: (kitchen.Items.Count, bought.Items.Count));
        }, t => t.Totals == (category, purchases) && t.Rows == (listed ?? (category, purchases)), Patience, what);

    private static async Task<OrderView> Paid(IGrainFactory grains, Guid shopperId, string checkout, params ProductSnapshot[] products)
    {
        var order = grains.GetGrain<IOrderGrain>(OrderIds.ForCheckout(shopperId, checkout));
        await order.Place(CheckoutCluster.Checkout(shopperId, "pm_card_visa",
            products.Select(p => (p.ProductId, p.Variants[0].Sku, 1)).ToArray()));
        return await Eventually.Until(() => order.Get(), o => o.Status == OrderStatus.Paid, Patience, $"the {checkout} order paid");
    }

    private async Task Execute(string sql, object owner)
    {
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = source.CreateCommand(sql);
        command.Parameters.AddWithValue("owner", owner);
        Assert.True(await command.ExecuteNonQueryAsync() > 0, sql);
    }
}
