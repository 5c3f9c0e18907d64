using System.Text.Json;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Returns;

namespace Marketplace.Grains.Returns.Lists;

/// <summary>
/// The return lists in PostgreSQL or SQLite (migrations 0830): one row per return in <c>returns_list</c>, the summary as
/// JSON plus the columns the lists filter and sort by, each list served by its own index.
/// </summary>
public sealed class SqlReturnListStore(ReadModelDatabase database) : IReturnListStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<bool> ApplyAsync(ReturnListRow row, bool replaceSameVersion, CancellationToken cancellationToken)
    {
        var summary = row.Summary;
        return await database.ExecuteAsync($"""
            INSERT INTO returns_list (id, shopper_id, seller_id, requested_at, version, summary)
            VALUES (@id, @shopper, @seller, @requestedAt, @version, @summary)
            ON CONFLICT (id) DO UPDATE SET shopper_id = EXCLUDED.shopper_id, seller_id = EXCLUDED.seller_id,
                requested_at = EXCLUDED.requested_at, version = EXCLUDED.version, summary = EXCLUDED.summary
            WHERE returns_list.version {(replaceSameVersion ? "<=" : "<")} EXCLUDED.version
            """, cancellationToken, ("id", summary.ReturnId), ("shopper", summary.ShopperId), ("seller", summary.SellerId),
            ("requestedAt", summary.RequestedAt), ("version", row.Version), ("summary", JsonSerializer.Serialize(summary, Json))) > 0;
    }

    public async Task<ReturnListRow?> FindAsync(Guid returnId, CancellationToken cancellationToken) =>
        (await database.QueryAsync("SELECT summary, version FROM returns_list WHERE id = @id",
            reader => new ReturnListRow(Read(reader.GetString(0)), reader.GetInt64(1)), cancellationToken, ("id", returnId)))
        .SingleOrDefault();

    public Task RemoveAsync(Guid returnId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM returns_list WHERE id = @id", cancellationToken, ("id", returnId));

    public async Task<PagedList<ReturnSummary>> PageAsync(ReturnParty party, Guid partyId, int page, int pageSize, string? after,
        CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<ReturnListPosition>(after);
        var filter = party == ReturnParty.Shopper ? "shopper_id = @party" : "seller_id = @party";
        // One statement: a return requested between a page query and a count query would be counted but not listed.
        var (rows, total) = await database.PageWithTotalAsync("returns_list", "summary", filter,
            from is null ? "" : " AND (requested_at < @at OR (requested_at = @at AND id < @afterId))", "requested_at DESC, id DESC", cancellationToken,
            ("party", partyId), ("at", from?.RequestedAt ?? 0), ("afterId", from?.Id ?? Guid.Empty), ("limit", pageSize + 1),
            ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        return KeysetCursor.Page(rows.Select(Read).ToList(), page, pageSize, total, ReturnListPosition.Of);
    }

    public IAsyncEnumerable<Guid> IdsAsync(CancellationToken cancellationToken) => database.KeysAsync("returns_list", "id", cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => database.ExecuteAsync("DELETE FROM returns_list", cancellationToken);

    private static ReturnSummary Read(string json) => JsonSerializer.Deserialize<ReturnSummary>(json, Json)!;
}
