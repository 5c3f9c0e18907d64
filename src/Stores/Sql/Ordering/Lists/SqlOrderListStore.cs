using System.Runtime.CompilerServices;
using System.Text.Json;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering.Lists;

/// <summary>
/// The order lists in PostgreSQL or SQLite (migrations 0810, 0812, 0813): the summary as JSON plus owner, placed time and version, and
/// each owner's row count in <c>ordering_list_counts</c> (<see cref="ListCounts{TOwner}"/>), so a page's total costs a few rows' read
/// however long the list is.
/// </summary>
public sealed class SqlOrderListStore(ReadModelDatabase database) : IOrderListStore
{
    private const int IdBatch = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Dictionary<OrderList, ListCounts<Guid>> Counts = Enum.GetValues<OrderList>()
        .ToDictionary(list => list, list => new ListCounts<Guid>("ordering_list_counts", list.ToString(), Table(list), "owner_id"));

    /// <summary>
    /// A new row is inserted and counted in its owner's total in one transaction; a known one is updated only from a
    /// newer version (or the same, for a repair). A concurrent insert of the same row waits for the first and updates.
    /// </summary>
    public Task<bool> ApplyAsync(OrderList list, OrderListRow row, bool replaceSameVersion, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async tx =>
        {
            (string, object?)[] values = [("id", row.Summary.Id), ("owner", row.OwnerId), ("version", row.Version), ("placedAt", row.Summary.PlacedAt),
                ("summary", JsonSerializer.Serialize(row.Summary, Json))];
            if (await tx.ExecuteAsync($"""
                INSERT INTO {Table(list)} (id, owner_id, version, placed_at, summary) VALUES (@id, @owner, @version, @placedAt, @summary)
                ON CONFLICT (id) DO NOTHING
                """, cancellationToken, values) > 0)
            {
                await Counts[list].AddAsync(tx, row.OwnerId, row.Summary.Id, +1, cancellationToken);
                return true;
            }
            return await tx.ExecuteAsync($"""
                UPDATE {Table(list)} SET owner_id = @owner, version = @version, placed_at = @placedAt, summary = @summary
                WHERE id = @id AND version {(replaceSameVersion ? "<=" : "<")} @version
                """, cancellationToken, values) > 0;
        }, cancellationToken);

    public async Task<OrderListRow?> FindAsync(OrderList list, Guid id, CancellationToken cancellationToken) =>
        (await database.QueryAsync($"SELECT summary, owner_id, version FROM {Table(list)} WHERE id = @id",
            reader => new OrderListRow(Read(reader.GetString(0)), reader.GetGuid(1), reader.GetInt64(2)), cancellationToken, ("id", id)))
        .SingleOrDefault();

    public Task RemoveAsync(OrderList list, Guid id, CancellationToken cancellationToken) => database.InTransactionAsync(async tx =>
    {
        foreach (var owner in await tx.QueryAsync($"SELECT owner_id FROM {Table(list)} WHERE id = @id", reader => reader.GetGuid(0), cancellationToken, ("id", id)))
        {
            if (await tx.ExecuteAsync($"DELETE FROM {Table(list)} WHERE id = @id", cancellationToken, ("id", id)) > 0)
            {
                await Counts[list].AddAsync(tx, owner, id, -1, cancellationToken);
            }
        }
        return true;
    }, cancellationToken);

    public async Task<PagedList<OrderSummary>> PageAsync(OrderList list, Guid ownerId, int page, int pageSize, string? after,
        CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<OrderListPosition>(after);
        var keyset = from is null ? "" : " AND (placed_at < @placedAt OR (placed_at = @placedAt AND id < @afterId))";
        var rows = await database.QueryAsync(
            $"SELECT summary FROM {Table(list)} WHERE owner_id = @owner{keyset} ORDER BY placed_at DESC, id DESC LIMIT @limit OFFSET @offset",
            reader => Read(reader.GetString(0)), cancellationToken, ("owner", ownerId), ("placedAt", from?.PlacedAt ?? 0),
            ("afterId", from?.Id ?? Guid.Empty), ("limit", pageSize + 1), ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        var total = await Counts[list].TotalAsync(database, ownerId, cancellationToken);
        var items = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? KeysetCursor.Encode(OrderListPosition.Of(items[^1])) : null;
        return new PagedList<OrderSummary>(items, page, pageSize, total, next);
    }

    public async IAsyncEnumerable<Guid> IdsAsync(OrderList list, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Guid? after = null;
        while (true)
        {
            var ids = await database.QueryAsync($"SELECT id FROM {Table(list)} {(after is null ? "" : "WHERE id > @after")} ORDER BY id LIMIT @limit",
                reader => reader.GetGuid(0), cancellationToken, ("after", after ?? Guid.Empty), ("limit", IdBatch));
            foreach (var id in ids)
            {
                yield return id;
            }
            if (ids.Count < IdBatch)
            {
                yield break;
            }
            after = ids[^1];
        }
    }

    public Task ClearAsync(OrderList list, CancellationToken cancellationToken) => database.InTransactionAsync(async tx =>
    {
        await tx.ExecuteAsync($"DELETE FROM {Table(list)}", cancellationToken);
        return await Counts[list].ClearAsync(tx, cancellationToken);
    }, cancellationToken);

    public Task<List<TotalDrift>> CheckTotalsAsync(OrderList list, bool repair, CancellationToken cancellationToken) =>
        Counts[list].CheckAsync(database, repair, cancellationToken);

    private static string Table(OrderList list) => list == OrderList.Seller ? "ordering_seller_orders" : "ordering_shopper_orders";

    private static OrderSummary Read(string json) => JsonSerializer.Deserialize<OrderSummary>(json, Json)!;
}
