using Marketplace.Common;
using Marketplace.Grains.Ordering.Lists;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>What every store of the order lists must do, run against the PostgreSQL, SQLite and in-memory ones.</summary>
public abstract class OrderListStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected abstract IOrderListStore Store { get; }

    private static OrderListRow Row(Guid id, Guid owner, long version, string status = "Paid", int minutes = 0) =>
        new(new OrderSummary(id, id, status, 5499.99m, "RUB", 3, Start.AddMinutes(minutes), Start.AddMinutes(minutes + version)), owner, version);

    [Theory]
    [InlineData(OrderList.Shopper)]
    [InlineData(OrderList.Seller)]
    public async Task A_redelivered_or_older_row_changes_nothing_and_a_repair_rewrites_one_of_the_same_version(OrderList list)
    {
        var (id, owner) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.True(await Store.ApplyAsync(list, Row(id, owner, 3, "Paid"), replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(list, Row(id, owner, 2, "AwaitingPayment"), replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(list, Row(id, owner, 3, "Drifted"), replaceSameVersion: false, default));
        Assert.Equal(Row(id, owner, 3, "Paid"), await Store.FindAsync(list, id, default));

        Assert.True(await Store.ApplyAsync(list, Row(id, owner, 3, "Repaired"), replaceSameVersion: true, default));
        Assert.False(await Store.ApplyAsync(list, Row(id, owner, 2, "Older"), replaceSameVersion: true, default));
        Assert.Equal("Repaired", (await Store.PageAsync(list, owner, 1, 10, null, default)).Items.Single().Status);
        Assert.Null(await Store.FindAsync(list == OrderList.Shopper ? OrderList.Seller : OrderList.Shopper, id, default));
    }

    [Fact]
    public async Task An_owners_total_counts_each_row_once_through_repeats_repairs_and_removals()
    {
        var owner = Guid.NewGuid();
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            await Store.ApplyAsync(OrderList.Seller, Row(id, owner, 1), replaceSameVersion: false, default);
        }
        await Task.WhenAll(ids.Select(id => Store.ApplyAsync(OrderList.Seller, Row(id, owner, 2, "Shipped"), replaceSameVersion: false, default)));
        await Store.ApplyAsync(OrderList.Seller, Row(ids[0], owner, 2, "Repaired"), replaceSameVersion: true, default);
        Assert.Equal(3, (await Store.PageAsync(OrderList.Seller, owner, 1, 10, null, default)).Total);
        Assert.Equal(0, (await Store.PageAsync(OrderList.Shopper, owner, 1, 10, null, default)).Total);

        await Store.RemoveAsync(OrderList.Seller, ids[1], default);
        await Store.RemoveAsync(OrderList.Seller, ids[1], default);

        var page = await Store.PageAsync(OrderList.Seller, owner, 1, 10, null, default);
        Assert.Equal(2, page.Total);
        Assert.Equal(new[] { ids[0], ids[2] }.Order(), page.Items.Select(s => s.Id).Order());
    }

    [Fact]
    public async Task Keyset_pages_walk_an_owners_list_newest_first_as_numbered_pages_do()
    {
        var owner = Guid.NewGuid();
        for (var i = 0; i < 13; i++)
        {
            await Store.ApplyAsync(OrderList.Seller, Row(Guid.NewGuid(), owner, 1, minutes: i % 4), replaceSameVersion: false, default);
        }
        await Store.ApplyAsync(OrderList.Seller, Row(Guid.NewGuid(), Guid.NewGuid(), 1), replaceSameVersion: false, default);

        var numbered = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            numbered.AddRange((await Store.PageAsync(OrderList.Seller, owner, page, 5, null, default)).Items.Select(s => s.Id));
        }
        var keyset = new List<Guid>();
        string? after = null;
        do
        {
            var page = await Store.PageAsync(OrderList.Seller, owner, 1, 5, after, default);
            Assert.Equal(13, page.Total);
            keyset.AddRange(page.Items.Select(s => s.Id));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(13, numbered.Distinct().Count());
        Assert.Equal(numbered, keyset);
        var all = (await Store.PageAsync(OrderList.Seller, owner, 1, 100, null, default)).Items.Select(s => s.PlacedAt).ToList();
        Assert.Equal(all.OrderDescending().ToList(), all);
        await Assert.ThrowsAsync<ValidationException>(() => Store.PageAsync(OrderList.Seller, owner, 1, 5, "garbage", default));
    }
}

public sealed class PostgresOrderListStoreTests(PostgresDatabase database) : OrderListStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IOrderListStore Store { get; } = new SqlOrderListStore(ReadModelDatabase.Postgres(database.ConnectionString));
}

public sealed class SqliteOrderListStoreTests(SqliteDatabaseFile database) : OrderListStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override IOrderListStore Store { get; } = new SqlOrderListStore(ReadModelDatabase.Sqlite(database.ConnectionString));
}

[Collection(InMemoryClusterCollection.Name)]
public sealed class InMemoryOrderListStoreTests(InMemoryCluster cluster) : OrderListStoreContract
{
    protected override IOrderListStore Store { get; } = new InMemoryOrderListStore(cluster.Grains);
}
