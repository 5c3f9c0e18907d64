using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Returns.Lists;
using Marketplace.Returns;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>What every store of the return lists must do, run against the PostgreSQL, SQLite and in-memory ones.</summary>
public abstract class ReturnListStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected abstract IReturnListStore Store { get; }

    private static ReturnListRow Row(Guid id, long version, Guid? seller = null, Guid? shopper = null, ReturnStatus status = ReturnStatus.Requested,
        int minutes = 0) =>
        new(new ReturnSummary(id, Guid.NewGuid(), Guid.NewGuid(), seller ?? Guid.NewGuid(), shopper ?? Guid.NewGuid(), status, ReturnReason.Defective,
            1, 990m, "RUB", Start.AddMinutes(minutes), Start.AddMinutes(minutes + version)), version);

    [Fact]
    public async Task A_redelivered_or_older_row_changes_nothing_and_a_repair_rewrites_one_of_the_same_version()
    {
        var (id, shopper) = (Guid.NewGuid(), Guid.NewGuid());
        var newest = Row(id, 3, shopper: shopper, status: ReturnStatus.Approved);
        Assert.True(await Store.ApplyAsync(newest, replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(newest with { Version = 2, Summary = newest.Summary with { Status = ReturnStatus.Requested } }, false, default));
        Assert.False(await Store.ApplyAsync(newest with { Summary = newest.Summary with { Units = 2 } }, false, default));

        Assert.Equal(newest, await Store.FindAsync(id, default));
        Assert.Equal(ReturnStatus.Approved, Assert.Single((await Store.PageAsync(ReturnParty.Shopper, shopper, 1, 10, null, default)).Items).Status);

        var repaired = newest with { Summary = newest.Summary with { Units = 2 } };
        Assert.True(await Store.ApplyAsync(repaired, replaceSameVersion: true, default));
        Assert.False(await Store.ApplyAsync(newest with { Version = 2 }, replaceSameVersion: true, default));
        Assert.Equal(repaired, await Store.FindAsync(id, default));
        Assert.Contains(id, await Store.IdsAsync(default).ToListAsync());
        await Store.RemoveAsync(id, default);
        Assert.Null(await Store.FindAsync(id, default));
        Assert.Equal(0, (await Store.PageAsync(ReturnParty.Shopper, shopper, 1, 10, null, default)).Total);
    }

    [Fact]
    public async Task Each_party_sees_its_own_returns_newest_first_and_keyset_pages_walk_them_as_numbered_pages_do()
    {
        var (seller, shopper) = (Guid.NewGuid(), Guid.NewGuid());
        for (var i = 0; i < 11; i++)
        {
            await Store.ApplyAsync(Row(Guid.NewGuid(), 1, seller, i < 4 ? shopper : null, minutes: i % 3), false, default);
        }
        await Store.ApplyAsync(Row(Guid.NewGuid(), 1), false, default);

        var numbered = new List<ReturnSummary>();
        for (var page = 1; page <= 3; page++)
        {
            numbered.AddRange((await Store.PageAsync(ReturnParty.Seller, seller, page, 4, null, default)).Items);
        }
        var keyset = new List<ReturnSummary>();
        string? after = null;
        do
        {
            var page = await Store.PageAsync(ReturnParty.Seller, seller, 1, 4, after, default);
            Assert.Equal(11, page.Total);
            keyset.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(11, numbered.Select(s => s.ReturnId).Distinct().Count());
        Assert.Equal(numbered, keyset);
        Assert.Equal(keyset.OrderByDescending(s => s.RequestedAt).ThenByDescending(s => s.ReturnId), keyset);
        Assert.Equal(4, (await Store.PageAsync(ReturnParty.Shopper, shopper, 1, 10, null, default)).Total);
        await Assert.ThrowsAsync<ValidationException>(() => Store.PageAsync(ReturnParty.Seller, seller, 1, 4, "garbage", default));
    }
}

public sealed class PostgresReturnListStoreTests(PostgresDatabase database) : ReturnListStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IReturnListStore Store { get; } = new SqlReturnListStore(ReadModelDatabase.Postgres(database.ConnectionString));
}

public sealed class SqliteReturnListStoreTests(SqliteDatabaseFile database) : ReturnListStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override IReturnListStore Store { get; } = new SqlReturnListStore(ReadModelDatabase.Sqlite(database.ConnectionString));
}

[Collection(InMemoryClusterCollection.Name)]
public sealed class InMemoryReturnListStoreTests(InMemoryCluster cluster) : ReturnListStoreContract
{
    protected override IReturnListStore Store { get; } = new InMemoryReturnListStore(cluster.Grains);
}
