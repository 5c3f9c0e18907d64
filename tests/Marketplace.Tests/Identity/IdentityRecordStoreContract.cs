using Marketplace.Common;
using Marketplace.Grains.Identity.Records;
using Marketplace.Grains.ReadModels;
using Marketplace.Identity;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>What every store of identity's tables must do, run against the PostgreSQL, SQLite and in-memory ones.</summary>
public abstract class IdentityRecordStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected abstract IOperatorAuditStore Audit { get; }

    protected abstract IPendingAccountStore Pending { get; }

    private static AuditEntry Entry(Guid operatorId, Guid? target, int seconds) => AuditEntry.Of(Guid.CreateVersion7(), Start.AddSeconds(seconds),
        new OperatorAction(operatorId, "seller", "PUT /operator/users/{userId}/status", $"/operator/users/{target}/status", target, 200, "198.18.0.1",
            """{"status":"Disabled"}"""));

    [Fact]
    public async Task The_audit_trail_reads_newest_first_by_operator_or_target_and_keyset_pages_walk_it_as_numbered_pages_do()
    {
        var (operatorId, other, target) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var written = new List<AuditEntry>();
        for (var i = 0; i < 11; i++)
        {
            // Some share a second, so the id breaks the tie.
            written.Add(Entry(operatorId, i % 3 == 0 ? target : null, i / 2));
        }
        written.Add(Entry(other, target, 100));
        foreach (var entry in written)
        {
            await Audit.AppendAsync(entry, default);
        }
        // A repeated append (a retried call) adds nothing.
        await Audit.AppendAsync(written[0], default);

        var numbered = new List<AuditEntry>();
        for (var page = 1; page <= 3; page++)
        {
            numbered.AddRange((await Audit.PageAsync(new AuditQuery(operatorId, null, page, 4, null), default)).Items);
        }
        var keyset = new List<AuditEntry>();
        string? after = null;
        do
        {
            var page = await Audit.PageAsync(new AuditQuery(operatorId, null, 1, 4, after), default);
            Assert.Equal(11, page.Total);
            keyset.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(11, numbered.Select(e => e.Id).Distinct().Count());
        Assert.Equal(numbered, keyset);
        Assert.True(keyset.ToHashSet().SetEquals(written.Take(11)));
        Assert.Equal(keyset.OrderByDescending(e => e.At).Select(e => e.At), keyset.Select(e => e.At));
        var onTarget = await Audit.PageAsync(new AuditQuery(null, target, 1, 100, null), default);
        Assert.Equal(5, onTarget.Total);
        Assert.Equal(other, onTarget.Items[0].OperatorId);
        Assert.Equal(4, (await Audit.PageAsync(new AuditQuery(operatorId, target, 1, 100, null), default)).Total);
        await Assert.ThrowsAsync<ValidationException>(() => Audit.PageAsync(new AuditQuery(operatorId, null, 1, 4, "garbage"), default));
    }

    [Fact]
    public async Task Pending_accounts_are_listed_oldest_first_once_each_until_removed()
    {
        var accounts = Enumerable.Range(0, 5).Select(i => (Id: Guid.NewGuid(), At: Start.AddYears(50).AddMinutes(i))).ToList();
        foreach (var (id, at) in accounts.AsEnumerable().Reverse())
        {
            await Pending.AddAsync(id, at, default);
        }
        await Pending.AddAsync(accounts[0].Id, accounts[0].At, default);
        await Pending.RemoveAsync(accounts[2].Id, default);

        // Other tests of a shared store may add accounts of their own; these were registered last of all.
        var listed = new List<Guid>();
        string? after = null;
        do
        {
            var page = await Pending.PageAsync(1, 2, after, default);
            listed.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal([accounts[0].Id, accounts[1].Id, accounts[3].Id, accounts[4].Id], listed.Where(accounts.Select(a => a.Id).Contains));
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(accounts[4].Id, listed[^1]);
    }
}

public sealed class PostgresIdentityRecordStoreTests(PostgresDatabase database) : IdentityRecordStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IOperatorAuditStore Audit { get; } = new SqlOperatorAuditStore(ReadModelDatabase.Postgres(database.ConnectionString));
    protected override IPendingAccountStore Pending { get; } = new SqlPendingAccountStore(ReadModelDatabase.Postgres(database.ConnectionString));
}

public sealed class SqliteIdentityRecordStoreTests(SqliteDatabaseFile database) : IdentityRecordStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override IOperatorAuditStore Audit { get; } = new SqlOperatorAuditStore(ReadModelDatabase.Sqlite(database.ConnectionString));
    protected override IPendingAccountStore Pending { get; } = new SqlPendingAccountStore(ReadModelDatabase.Sqlite(database.ConnectionString));
}

[Collection(InMemoryClusterCollection.Name)]
public sealed class InMemoryIdentityRecordStoreTests(InMemoryCluster cluster) : IdentityRecordStoreContract
{
    protected override IOperatorAuditStore Audit { get; } = new InMemoryOperatorAuditStore(cluster.Grains);
    protected override IPendingAccountStore Pending { get; } = new InMemoryPendingAccountStore(cluster.Grains);
}
