using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Identity.Records;

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
