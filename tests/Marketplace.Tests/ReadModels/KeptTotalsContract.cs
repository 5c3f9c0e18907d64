using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Catalog.Listings;
using Marketplace.Grains.Ordering.Lists;
using Marketplace.Grains.Ordering.Purchases;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>
/// The totals the SQL stores keep per owner (ListCounts: a category's products, a shopper's purchases, an owner's
/// orders) are what a page answers, and the operators' check finds a kept total that drifted from the rows, whether
/// too high or lost, and repairs it from the rows; run against PostgreSQL and SQLite.
/// </summary>
public abstract class KeptTotalsContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected abstract ReadModelDatabase Database { get; }

    [Fact]
    public async Task A_categorys_drifted_or_lost_total_is_found_by_the_check_and_repaired_from_its_rows()
    {
        var store = new SqlCatalogListingStore(Database);
        var root = $"t{Guid.NewGuid():N}";
        var leaf = $"{root}/kettles";
        foreach (var productId in new[] { Guid.NewGuid(), Guid.NewGuid() })
        {
            await store.ApplyAsync(new CatalogListingEntry(new ProductSummary(productId, Guid.NewGuid(), "Kettle", "Acme", leaf, 100m, "RUB", true, null,
                ProductStatus.Published, 1, Start, Start), [leaf, root], 1), default);
        }
        await Drift("catalog_listing_counts", "Category", leaf, root);
        Assert.Equal(7, (await store.CategoryAsync(leaf, new ListingQuery(), default)).Total);

        await CheckedAndRepaired(store.CheckTotalsAsync, [leaf, root], "Category");
        Assert.Equal(2, (await store.CategoryAsync(leaf, new ListingQuery(), default)).Total);
        Assert.Equal(2, (await store.CategoryAsync(root, new ListingQuery(), default)).Total);
    }

    [Fact]
    public async Task A_shoppers_drifted_or_lost_purchase_total_is_found_by_the_check_and_repaired_from_the_standing_rows()
    {
        var store = new SqlPurchaseHistoryStore(Database);
        var (drifted, lost) = (Guid.NewGuid(), Guid.NewGuid());
        foreach (var shopperId in new[] { drifted, lost })
        {
            foreach (var status in new[] { PurchaseStatus.Bought, PurchaseStatus.Received, PurchaseStatus.Withdrawn })
            {
                var purchase = new ProductPurchase(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Kettle", 1, status, Start, null);
                await store.ApplyAsync(new SubOrderPurchases(Guid.NewGuid(), shopperId, 1, [purchase]), false, default);
            }
        }
        await Drift("ordering_list_counts", "Purchases", drifted, lost);
        Assert.Equal(7, (await store.PageAsync(drifted, 1, 10, null, default)).Total);

        await CheckedAndRepaired(store.CheckTotalsAsync, [drifted.ToString(), lost.ToString()], "Purchases");
        Assert.Equal(2, (await store.PageAsync(drifted, 1, 10, null, default)).Total);
        Assert.Equal(2, (await store.PageAsync(lost, 1, 10, null, default)).Total);
    }

    [Fact]
    public async Task An_owners_drifted_or_lost_order_total_is_found_by_the_check_and_repaired_from_its_rows()
    {
        var store = new SqlOrderListStore(Database);
        var (drifted, lost) = (Guid.NewGuid(), Guid.NewGuid());
        foreach (var ownerId in new[] { drifted, drifted, lost, lost })
        {
            var id = Guid.NewGuid();
            await store.ApplyAsync(OrderList.Seller, new OrderListRow(new OrderSummary(id, id, "Paid", 10m, "RUB", 1, Start, Start), ownerId, 1), false, default);
        }
        await Drift("ordering_list_counts", "Seller", drifted, lost);
        Assert.Equal(7, (await store.PageAsync(OrderList.Seller, drifted, 1, 10, null, default)).Total);

        await CheckedAndRepaired((repair, token) => store.CheckTotalsAsync(OrderList.Seller, repair, token), [drifted.ToString(), lost.ToString()], "Seller");
        Assert.Equal(2, (await store.PageAsync(OrderList.Seller, drifted, 1, 10, null, default)).Total);
        Assert.Equal(2, (await store.PageAsync(OrderList.Seller, lost, 1, 10, null, default)).Total);
    }

    /// <summary>Adds 5 to the first owner's kept total (two rows: kept 7) and deletes the second's (kept 0).</summary>
    private async Task Drift(string table, string list, object drifted, object lost)
    {
        Assert.Equal(1, await Database.ExecuteAsync(
            $"UPDATE {table} SET row_count = row_count + 5 WHERE list = @list AND owner_id = @owner AND shard = (SELECT min(shard) FROM {table} WHERE list = @list AND owner_id = @owner)",
            default, ("list", list), ("owner", drifted)));
        Assert.True(await Database.ExecuteAsync($"DELETE FROM {table} WHERE list = @list AND owner_id = @owner", default, ("list", list), ("owner", lost)) > 0);
    }

    /// <summary>A check reports both owners' totals, a repairing one rewrites them, and the next check finds them right.</summary>
    private static async Task CheckedAndRepaired(Func<bool, CancellationToken, Task<List<TotalDrift>>> check, string[] owners, string list)
    {
        async Task<List<TotalDrift>> Mine(bool repair) => (await check(repair, default)).Where(d => owners.Contains(d.Owner)).OrderBy(d => d.Kept).ToList();

        Assert.Equal([new TotalDrift(list, owners[1], 0, 2), new TotalDrift(list, owners[0], 7, 2)], await Mine(repair: false));
        Assert.Equal(2, (await Mine(repair: true)).Count);
        Assert.Empty(await Mine(repair: false));
    }
}

public sealed class PostgresKeptTotalsTests(PostgresDatabase database) : KeptTotalsContract, IClassFixture<PostgresDatabase>
{
    protected override ReadModelDatabase Database { get; } = ReadModelDatabase.Postgres(database.ConnectionString);
}

public sealed class SqliteKeptTotalsTests(SqliteDatabaseFile database) : KeptTotalsContract, IClassFixture<SqliteDatabaseFile>
{
    protected override ReadModelDatabase Database { get; } = ReadModelDatabase.Sqlite(database.ConnectionString);
}
