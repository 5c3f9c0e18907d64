using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Identity.Records;

/// <summary>The accounts (couriers) waiting for an operator's approval, oldest first.</summary>
public interface IPendingAccountStore
{
    Task AddAsync(Guid userId, DateTimeOffset registeredAt, CancellationToken cancellationToken);

    Task RemoveAsync(Guid userId, CancellationToken cancellationToken);

    Task<PagedList<Guid>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken);
}

/// <summary>Where a keyset page of the pending accounts resumes: the last account's registration time (UTC ticks) and id.</summary>
public sealed record PendingAccountPosition(long RegisteredAt, Guid UserId)
{
    /// <summary>The accounts of a page read as positions, with the same cursor.</summary>
    public static PagedList<Guid> Ids(PagedList<PendingAccountPosition> page) =>
        new(page.Items.Select(p => p.UserId).ToList(), page.Page, page.PageSize, page.Total, page.Next);
}

/// <summary>A pending account as the Memory profile's table holds it.</summary>
[GenerateSerializer, Immutable]
public sealed record PendingAccount([property: Id(0)] Guid UserId, [property: Id(1)] DateTimeOffset RegisteredAt);

/// <summary>The pending accounts in the <c>identity_pending_accounts</c> table (migration 0100) of the users store's database.</summary>
public sealed class SqlPendingAccountStore(ReadModelDatabase database) : IPendingAccountStore
{
    public Task AddAsync(Guid userId, DateTimeOffset registeredAt, CancellationToken cancellationToken) =>
        database.ExecuteAsync("INSERT INTO identity_pending_accounts (user_id, registered_at) VALUES (@id, @at) ON CONFLICT (user_id) DO NOTHING",
            cancellationToken, ("id", userId), ("at", registeredAt));

    public Task RemoveAsync(Guid userId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM identity_pending_accounts WHERE user_id = @id", cancellationToken, ("id", userId));

    public async Task<PagedList<Guid>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<PendingAccountPosition>(after);
        var keyset = from is null ? "" : "WHERE registered_at > @at OR (registered_at = @at AND user_id > @afterId)";
        var rows = await database.QueryAsync(
            $"SELECT user_id, registered_at FROM identity_pending_accounts {keyset} ORDER BY registered_at, user_id LIMIT @limit OFFSET @offset",
            reader => new PendingAccountPosition(reader.GetInt64(1), reader.GetGuid(0)), cancellationToken,
            ("at", from?.RegisteredAt ?? 0), ("afterId", from?.UserId ?? Guid.Empty), ("limit", pageSize + 1),
            ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        var total = await database.QueryAsync("SELECT count(*) FROM identity_pending_accounts", reader => Convert.ToInt32(reader.GetValue(0)), cancellationToken);
        return PendingAccountPosition.Ids(KeysetCursor.Page(rows, page, pageSize, total.Single(), p => p));
    }
}

/// <summary>The Memory profile's pending accounts, in a memory table grain.</summary>
public sealed class InMemoryPendingAccountStore(IGrainFactory grains) : IPendingAccountStore
{
    private IMemoryTableGrain<PendingAccount> Table => grains.GetGrain<IMemoryTableGrain<PendingAccount>>("pending-accounts");

    public Task AddAsync(Guid userId, DateTimeOffset registeredAt, CancellationToken cancellationToken) =>
        Table.Upsert(userId, 0, new PendingAccount(userId, registeredAt));

    public Task RemoveAsync(Guid userId, CancellationToken cancellationToken) => Table.Remove(userId);

    public async Task<PagedList<Guid>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<PendingAccountPosition>(after);
        var all = await Table.Rows();
        var ordered = all.OrderBy(p => p.RegisteredAt.UtcTicks).ThenBy(p => p.UserId)
            .Where(p => from is null || p.RegisteredAt.UtcTicks > from.RegisteredAt || (p.RegisteredAt.UtcTicks == from.RegisteredAt && p.UserId.CompareTo(from.UserId) > 0));
        var rows = KeysetCursor.Window(ordered.Select(p => new PendingAccountPosition(p.RegisteredAt.UtcTicks, p.UserId)), from is not null, page, pageSize);
        return PendingAccountPosition.Ids(KeysetCursor.Page(rows, page, pageSize, all.Count, p => p));
    }
}
