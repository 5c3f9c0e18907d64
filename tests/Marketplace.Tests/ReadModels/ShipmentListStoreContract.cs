using Marketplace.Common;
using Marketplace.Grains.Logistics.Lists;
using Marketplace.Grains.ReadModels;
using Marketplace.Logistics;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>What every store of the shipment lists must do, run against the PostgreSQL, SQLite and in-memory ones.</summary>
public abstract class ShipmentListStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected abstract IShipmentListStore Store { get; }

    private static ShipmentListRow Row(Guid id, long version, Guid? seller = null, Guid? shopper = null, Guid? order = null, Guid? courier = null,
        ShipmentStatus status = ShipmentStatus.Created, int minutes = 0, DateTimeOffset? awaiting = null, DateTimeOffset? due = null) =>
        new(new ShipmentSummary(id, order ?? Guid.NewGuid(), Guid.NewGuid(), seller ?? Guid.NewGuid(), shopper ?? Guid.NewGuid(), status, courier,
            null, "Moscow", Start.AddMinutes(minutes), Start.AddMinutes(minutes + version), null), awaiting, due ?? Start.AddDays(1), version);

    private Task<PagedList<ShipmentSummary>> Page(ShipmentList list, int page = 1, int size = 100, string? after = null) =>
        Store.PageAsync(list, Start.AddHours(1), page, size, after, default);

    [Fact]
    public async Task A_redelivered_or_older_row_changes_nothing_and_a_repair_rewrites_one_of_the_same_version()
    {
        var (id, seller, first, second) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var newest = Row(id, 3, seller, courier: second, status: ShipmentStatus.PickedUp);
        Assert.True(await Store.ApplyAsync(newest, replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(newest with { Version = 2, Summary = newest.Summary with { CourierId = first } }, false, default));
        Assert.False(await Store.ApplyAsync(newest with { Summary = newest.Summary with { Status = ShipmentStatus.Packed } }, false, default));

        Assert.Equal(newest, await Store.FindAsync(id, default));
        Assert.Equal(0, (await Page(ShipmentList.Courier(first))).Total);
        Assert.Equal(ShipmentStatus.PickedUp, Assert.Single((await Page(ShipmentList.Courier(second))).Items).Status);

        var repaired = newest with { Summary = newest.Summary with { TrackingNumber = "CR-9" } };
        Assert.True(await Store.ApplyAsync(repaired, replaceSameVersion: true, default));
        Assert.False(await Store.ApplyAsync(newest with { Version = 2 }, replaceSameVersion: true, default));
        Assert.Equal(repaired, await Store.FindAsync(id, default));
        await Store.RemoveAsync(id, default);
        Assert.Null(await Store.FindAsync(id, default));
    }

    [Fact]
    public async Task Each_party_sees_its_own_shipments_newest_first_and_keyset_pages_walk_them_as_numbered_pages_do()
    {
        var (seller, shopper, order) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        for (var i = 0; i < 13; i++)
        {
            await Store.ApplyAsync(Row(Guid.NewGuid(), 1, seller, shopper, i < 3 ? order : null, minutes: i % 4), false, default);
        }
        await Store.ApplyAsync(Row(Guid.NewGuid(), 1, order: order), false, default);

        var numbered = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            numbered.AddRange((await Page(ShipmentList.Seller(seller), page, 5)).Items.Select(s => s.ShipmentId));
        }
        var keyset = new List<Guid>();
        string? after = null;
        do
        {
            var page = await Page(ShipmentList.Seller(seller), 1, 5, after);
            Assert.Equal(13, page.Total);
            keyset.AddRange(page.Items.Select(s => s.ShipmentId));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(13, numbered.Distinct().Count());
        Assert.Equal(numbered, keyset);
        var created = (await Page(ShipmentList.Shopper(shopper))).Items.Select(s => s.CreatedAt).ToList();
        Assert.Equal(13, created.Count);
        Assert.Equal(created.OrderDescending(), created);
        Assert.Equal(3, (await Page(ShipmentList.ShopperOrder(shopper, order))).Total);
        Assert.Equal(0, (await Page(ShipmentList.ShopperOrder(Guid.NewGuid(), order))).Total);
        await Assert.ThrowsAsync<ValidationException>(() => Page(ShipmentList.Seller(seller), after: "garbage"));
    }

    [Fact]
    public async Task The_dispatch_queue_and_the_overdue_list_serve_the_longest_waiting_first()
    {
        var now = Start.AddHours(1);
        var waiting = Enumerable.Range(0, 7).Select(i => Row(Guid.NewGuid(), 1, awaiting: now.AddDays(-30).AddMinutes(-i), due: now.AddYears(-3).AddMinutes(-i)))
            .ToList();
        var assigned = Row(Guid.NewGuid(), 2, courier: Guid.NewGuid(), due: now.AddMinutes(1));
        var delivered = Row(Guid.NewGuid(), 2, status: ShipmentStatus.Delivered) with { DueAt = null };
        foreach (var row in waiting.Append(assigned).Append(delivered))
        {
            await Store.ApplyAsync(row, false, default);
        }

        var queue = await Walk(ShipmentList.AwaitingCourier);
        var overdue = await Walk(ShipmentList.Overdue);

        // Other tests' rows may share the store; these are the oldest of both lists.
        Assert.Equal(waiting.AsEnumerable().Reverse().Select(r => r.Summary.ShipmentId), queue.Take(7));
        Assert.Equal(waiting.AsEnumerable().Reverse().Select(r => r.Summary.ShipmentId), overdue.Take(7));
        Assert.DoesNotContain(assigned.Summary.ShipmentId, queue.Concat(overdue));
        Assert.DoesNotContain(delivered.Summary.ShipmentId, queue.Concat(overdue));
        var later = await Store.PageAsync(ShipmentList.Overdue, now.AddMinutes(2), 1, 100, null, default);
        Assert.Contains(later.Items, s => s.ShipmentId == assigned.Summary.ShipmentId);
    }

    private async Task<List<Guid>> Walk(ShipmentList list)
    {
        var ids = new List<Guid>();
        string? after = null;
        do
        {
            var page = await Page(list, 1, 3, after);
            ids.AddRange(page.Items.Select(s => s.ShipmentId));
            after = page.Next;
        }
        while (after is not null);
        return ids;
    }
}

public sealed class PostgresShipmentListStoreTests(PostgresDatabase database) : ShipmentListStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IShipmentListStore Store { get; } = new SqlShipmentListStore(ReadModelDatabase.Postgres(database.ConnectionString));
}

public sealed class SqliteShipmentListStoreTests(SqliteDatabaseFile database) : ShipmentListStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override IShipmentListStore Store { get; } = new SqlShipmentListStore(ReadModelDatabase.Sqlite(database.ConnectionString));
}

[Collection(InMemoryClusterCollection.Name)]
public sealed class InMemoryShipmentListStoreTests(InMemoryCluster cluster) : ShipmentListStoreContract
{
    protected override IShipmentListStore Store { get; } = new InMemoryShipmentListStore(cluster.Grains);
}
