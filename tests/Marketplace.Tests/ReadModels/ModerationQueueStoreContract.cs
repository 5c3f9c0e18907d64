using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Catalog.ModerationQueue;
using Marketplace.Grains.ReadModels;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>What every store of the operators' moderation queue must do, run against the PostgreSQL, SQLite and in-memory ones.</summary>
public abstract class ModerationQueueStoreContract
{
    // Earlier than anything other tests queue in a shared store, so these cases lead the queue.
    private static readonly DateTimeOffset Start = new(2001, 1, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IModerationQueueStore Store { get; }

    private static ModerationQueueRow Queued(Guid productId, long version, int minutes = 0, string title = "Lamp", int days = 0) =>
        new(productId, new ModerationCase(productId, Guid.Empty, title,
            new ProductModeration(ProductModerationStatus.Blocked, 2, "Links.", ProductModeration.DecidedByOperator, Start), Start.AddDays(days).AddMinutes(minutes)), version);

    private async Task<bool> InQueue(Guid productId)
    {
        var ids = new List<Guid>();
        string? after = null;
        do
        {
            var page = await Store.PageAsync(1, 100, after, default);
            ids.AddRange(page.Items.Select(c => c.ProductId));
            after = page.Next;
        }
        while (after is not null);
        return ids.Contains(productId);
    }

    [Fact]
    public async Task A_redelivered_or_older_row_changes_nothing_and_a_case_that_left_cannot_come_back_late()
    {
        var productId = Guid.NewGuid();
        Assert.True(await Store.ApplyAsync(Queued(productId, 10, title: "Blocked"), replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(Queued(productId, 10, title: "Redelivered"), replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(Queued(productId, 9, title: "Older"), replaceSameVersion: false, default));
        Assert.Equal(Queued(productId, 10, title: "Blocked"), await Store.FindAsync(productId, default));

        // Approved: out of the queue; the block's event delivered again afterwards leaves it out.
        Assert.True(await Store.ApplyAsync(new ModerationQueueRow(productId, null, 11), replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(Queued(productId, 10), replaceSameVersion: false, default));
        Assert.False(await InQueue(productId));
        Assert.Equal(new ModerationQueueRow(productId, null, 11), await Store.FindAsync(productId, default));

        Assert.True(await Store.ApplyAsync(Queued(productId, 11, title: "Repaired"), replaceSameVersion: true, default));
        Assert.True(await InQueue(productId));
    }

    [Fact]
    public async Task Keyset_pages_walk_the_queue_longest_waiting_first_as_numbered_pages_do()
    {
        var ours = new HashSet<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var productId = Guid.NewGuid();
            ours.Add(productId);
            // A day before the other test's cases, so these seven lead the queue.
            await Store.ApplyAsync(Queued(productId, 1, minutes: i % 3, days: -1), replaceSameVersion: false, default);
        }

        var numbered = new List<ModerationCase>();
        for (var page = 1; page <= 3; page++)
        {
            numbered.AddRange((await Store.PageAsync(page, 3, null, default)).Items);
        }
        var keyset = new List<ModerationCase>();
        string? after = null;
        for (var pages = 0; pages < 3; pages++)
        {
            var page = await Store.PageAsync(1, 3, after, default);
            Assert.True(page.Total >= 7);
            keyset.AddRange(page.Items);
            after = page.Next;
        }

        Assert.Equal(numbered, keyset);
        Assert.Equal(ours, numbered.Take(7).Select(c => c.ProductId).ToHashSet());
        Assert.Equal(numbered.OrderBy(c => c.Since).ToList(), numbered);
        await Assert.ThrowsAsync<ValidationException>(() => Store.PageAsync(1, 3, "garbage", default));
    }
}

public sealed class PostgresModerationQueueStoreTests(PostgresDatabase database) : ModerationQueueStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IModerationQueueStore Store { get; } = new SqlModerationQueueStore(ReadModelDatabase.Postgres(database.ConnectionString));
}

public sealed class SqliteModerationQueueStoreTests(SqliteDatabaseFile database) : ModerationQueueStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override IModerationQueueStore Store { get; } = new SqlModerationQueueStore(ReadModelDatabase.Sqlite(database.ConnectionString));
}

[Collection(InMemoryClusterCollection.Name)]
public sealed class InMemoryModerationQueueStoreTests(InMemoryCluster cluster) : ModerationQueueStoreContract
{
    protected override IModerationQueueStore Store { get; } = new InMemoryModerationQueueStore(cluster.Grains);
}
