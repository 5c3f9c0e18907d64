using Marketplace.Common;
using Marketplace.Grains.Ordering.Purchases;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>What every store of the purchase history must do, run against the PostgreSQL, SQLite and in-memory ones.</summary>
public abstract class PurchaseHistoryStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid SellerId = Guid.NewGuid();

    protected abstract IPurchaseHistoryStore Store { get; }

    private static SubOrderPurchases Rows(Guid sellerOrderId, Guid shopperId, long version, PurchaseStatus status, int minutes = 0, params Guid[] products)
    {
        var orderId = DeterministicGuid.Create(sellerOrderId, "order");
        return new SubOrderPurchases(sellerOrderId, shopperId, version, products.Select(p => new ProductPurchase(p, orderId, SellerId,
            "Kettle", 2, status, Start.AddMinutes(minutes), status == PurchaseStatus.Received ? Start.AddMinutes(minutes + 60) : null)).ToList());
    }

    [Fact]
    public async Task A_redelivered_or_older_version_changes_nothing_and_a_repair_rewrites_one_of_the_same_version()
    {
        var (sellerOrderId, shopperId, product) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Assert.True(await Store.ApplyAsync(Rows(sellerOrderId, shopperId, 3, PurchaseStatus.Received, products: product), replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(Rows(sellerOrderId, shopperId, 1, PurchaseStatus.Bought, products: product), replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(Rows(sellerOrderId, shopperId, 3, PurchaseStatus.Withdrawn, products: product), replaceSameVersion: false, default));
        Assert.Equal(Rows(sellerOrderId, shopperId, 3, PurchaseStatus.Received, products: product).Purchases,
            (await Store.FindAsync(sellerOrderId, default))!.Purchases);
        Assert.Equal(PurchaseStatus.Received, (await Store.FindPurchaseAsync(shopperId, product, default))!.Status);

        Assert.True(await Store.ApplyAsync(Rows(sellerOrderId, shopperId, 3, PurchaseStatus.Withdrawn, products: product), replaceSameVersion: true, default));
        Assert.Null(await Store.FindPurchaseAsync(shopperId, product, default));
        Assert.Equal(0, (await Store.PageAsync(shopperId, 1, 10, null, default)).Total);
        await Store.RemoveAsync(sellerOrderId, default);
        Assert.Null(await Store.FindAsync(sellerOrderId, default));
    }

    [Fact]
    public async Task A_shoppers_total_counts_each_standing_row_once_through_repeats_withdrawals_restores_and_removals()
    {
        var shopperId = Guid.NewGuid();
        async Task<int> Total() => (await Store.PageAsync(shopperId, 1, 10, null, default)).Total;
        var (first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (kettle, toaster) = (Guid.NewGuid(), Guid.NewGuid());

        await Store.ApplyAsync(Rows(first, shopperId, 1, PurchaseStatus.Bought, 0, kettle, toaster), false, default);
        await Store.ApplyAsync(Rows(first, shopperId, 1, PurchaseStatus.Bought, 0, kettle, toaster), false, default);
        await Store.ApplyAsync(Rows(first, shopperId, 2, PurchaseStatus.Received, 0, kettle, toaster), false, default);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Store.ApplyAsync(Rows(second, shopperId, 1, PurchaseStatus.Bought, 1, kettle), false, default)));
        Assert.Equal(3, await Total());

        await Store.ApplyAsync(Rows(second, shopperId, 2, PurchaseStatus.Withdrawn, 1, kettle), false, default);
        await Store.ApplyAsync(Rows(third, shopperId, 1, PurchaseStatus.Withdrawn, 2, toaster), false, default);
        Assert.Equal(2, await Total());
        await Store.ApplyAsync(Rows(second, shopperId, 2, PurchaseStatus.Bought, 1, kettle), replaceSameVersion: true, default);
        Assert.Equal(3, await Total());

        await Store.RemoveAsync(first, default);
        await Store.RemoveAsync(first, default);
        await Store.RemoveAsync(third, default);
        var page = await Store.PageAsync(shopperId, 1, 10, null, default);
        Assert.Equal((1, kettle), (page.Total, page.Items.Single().ProductId));
        await Store.RemoveAsync(second, default);
        Assert.Equal(0, await Total());
    }

    [Fact]
    public async Task A_verified_purchase_prefers_the_received_one_then_the_newest()
    {
        var (shopperId, product) = (Guid.NewGuid(), Guid.NewGuid());
        await Store.ApplyAsync(Rows(Guid.NewGuid(), shopperId, 2, PurchaseStatus.Received, minutes: 1, products: product), false, default);
        await Store.ApplyAsync(Rows(Guid.NewGuid(), shopperId, 1, PurchaseStatus.Bought, minutes: 5, products: product), false, default);
        await Store.ApplyAsync(Rows(Guid.NewGuid(), Guid.NewGuid(), 2, PurchaseStatus.Received, minutes: 9, products: product), false, default);

        var found = await Store.FindPurchaseAsync(shopperId, product, default);

        Assert.Equal((PurchaseStatus.Received, Start.AddMinutes(1)), (found!.Status, found.PaidAt));
        Assert.Null(await Store.FindPurchaseAsync(shopperId, Guid.NewGuid(), default));
    }

    [Fact]
    public async Task Keyset_pages_walk_a_shoppers_history_newest_first_as_numbered_pages_do_and_leave_out_withdrawn_purchases()
    {
        var shopperId = Guid.NewGuid();
        for (var i = 0; i < 7; i++)
        {
            await Store.ApplyAsync(Rows(Guid.NewGuid(), shopperId, 1, PurchaseStatus.Bought, minutes: i % 3, Guid.NewGuid(), Guid.NewGuid()), false, default);
        }
        await Store.ApplyAsync(Rows(Guid.NewGuid(), shopperId, 2, PurchaseStatus.Withdrawn, minutes: 9, Guid.NewGuid()), false, default);
        await Store.ApplyAsync(Rows(Guid.NewGuid(), Guid.NewGuid(), 1, PurchaseStatus.Bought, products: Guid.NewGuid()), false, default);

        var numbered = new List<(Guid, Guid)>();
        for (var page = 1; page <= 3; page++)
        {
            numbered.AddRange((await Store.PageAsync(shopperId, page, 5, null, default)).Items.Select(p => (p.OrderId, p.ProductId)));
        }
        var keyset = new List<(Guid, Guid)>();
        string? after = null;
        do
        {
            var page = await Store.PageAsync(shopperId, 1, 5, after, default);
            Assert.Equal(14, page.Total);
            keyset.AddRange(page.Items.Select(p => (p.OrderId, p.ProductId)));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(14, numbered.Distinct().Count());
        Assert.Equal(numbered, keyset);
        var paid = (await Store.PageAsync(shopperId, 1, 100, null, default)).Items.Select(p => p.PaidAt).ToList();
        Assert.Equal(paid.OrderDescending().ToList(), paid);
        await Assert.ThrowsAsync<ValidationException>(() => Store.PageAsync(shopperId, 1, 5, "garbage", default));
    }
}

public sealed class PostgresPurchaseHistoryStoreTests(PostgresDatabase database) : PurchaseHistoryStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IPurchaseHistoryStore Store { get; } = new SqlPurchaseHistoryStore(ReadModelDatabase.Postgres(database.ConnectionString));
}

public sealed class SqlitePurchaseHistoryStoreTests(SqliteDatabaseFile database) : PurchaseHistoryStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override IPurchaseHistoryStore Store { get; } = new SqlPurchaseHistoryStore(ReadModelDatabase.Sqlite(database.ConnectionString));
}

[Collection(InMemoryClusterCollection.Name)]
public sealed class InMemoryPurchaseHistoryStoreTests(InMemoryCluster cluster) : PurchaseHistoryStoreContract
{
    protected override IPurchaseHistoryStore Store { get; } = new InMemoryPurchaseHistoryStore(cluster.Grains);
}
