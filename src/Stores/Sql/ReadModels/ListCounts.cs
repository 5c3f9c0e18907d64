namespace Marketplace.Grains.ReadModels;

/// <summary>
/// Each owner's row count of one list, kept in a count table (<c>list, owner_id, shard, row_count</c>: migrations 0804,
/// 0812-0814) by the list's store in the transaction that adds or removes a counted row, so a page's total is a few
/// rows' read however long the list is: a <c>count(*)</c> of a category's 100,000 products or a shopper's 10,000
/// purchases per page served a fifth of 100 pages/s (bench scale-1m). The count is spread over 16 shard rows per
/// owner, summed when read: with one row, concurrent inserts for one owner (a busy seller's sub-orders, a category's
/// publishes) queued on its lock until the previous transaction committed. <paramref name="counted"/> is the SQL
/// condition a row of <paramref name="rowsTable"/> is counted under (the rows the page lists).
/// </summary>
public sealed class ListCounts<TOwner>(string table, string list, string rowsTable, string ownerColumn, string counted = "1 = 1")
    where TOwner : notnull
{
    private const int Shards = 16;

    /// <summary>
    /// Adds <paramref name="delta"/> to the owner's count in the shard of the row: the same shard for a row's insert and
    /// removal, spread by <paramref name="rowId"/>'s last byte (random in UUIDv4 and v7 alike, where the first bytes are the time).
    /// </summary>
    public Task<int> AddAsync(ReadModelTransaction tx, TOwner owner, Guid rowId, int delta, CancellationToken cancellationToken)
    {
        Span<byte> bytes = stackalloc byte[16];
        rowId.TryWriteBytes(bytes);
        return tx.ExecuteAsync($"""
            INSERT INTO {table} (list, owner_id, shard, row_count) VALUES (@list, @owner, @shard, @delta)
            ON CONFLICT (list, owner_id, shard) DO UPDATE SET row_count = {table}.row_count + @delta
            """, cancellationToken, ("list", list), ("owner", owner), ("shard", bytes[15] % Shards), ("delta", delta));
    }

    /// <summary>The owner's total, as a scalar subquery on the parameter <paramref name="ownerParameter"/> (to read it with a page in one statement).</summary>
    public string TotalSql(string ownerParameter) =>
        $"(SELECT coalesce(sum(row_count), 0) FROM {table} WHERE list = '{list}' AND owner_id = @{ownerParameter})";

    public async Task<int> TotalAsync(ReadModelDatabase database, TOwner owner, CancellationToken cancellationToken) =>
        (await database.QueryAsync($"SELECT {TotalSql("owner")}", reader => Convert.ToInt32(reader.GetValue(0)), cancellationToken, ("owner", owner)))
        .Single();

    public Task<int> ClearAsync(ReadModelTransaction tx, CancellationToken cancellationToken) =>
        tx.ExecuteAsync($"DELETE FROM {table} WHERE list = @list", cancellationToken, ("list", list));

    /// <summary>
    /// The owners whose kept total differs from their rows' count (a full scan: the operators' check), and with
    /// <paramref name="repair"/> each corrected by the difference, counted and added in one statement: one snapshot,
    /// in which a concurrent writer's row and its count are both seen or neither, and its increment adds to the correction.
    /// </summary>
    public async Task<List<TotalDrift>> CheckAsync(ReadModelDatabase database, bool repair, CancellationToken cancellationToken)
    {
        var drifts = await database.QueryAsync($"""
            SELECT owner, sum(held), sum(kept) FROM (
                SELECT {ownerColumn} AS owner, count(*) AS held, 0 AS kept FROM {rowsTable} WHERE {counted} GROUP BY {ownerColumn}
                UNION ALL
                SELECT owner_id, 0, row_count FROM {table} WHERE list = @list) AS totals
            GROUP BY owner HAVING sum(held) <> sum(kept)
            """, reader => (Owner: reader.GetFieldValue<TOwner>(0), Rows: Convert.ToInt64(reader.GetValue(1)), Kept: Convert.ToInt64(reader.GetValue(2))),
            cancellationToken, ("list", list));
        if (repair)
        {
            foreach (var drift in drifts)
            {
                // WHERE TRUE: SQLite reads an INSERT … SELECT's ON CONFLICT as a join's ON without it.
                await database.ExecuteAsync($"""
                    INSERT INTO {table} (list, owner_id, shard, row_count)
                    SELECT @list, @owner, 0, (SELECT count(*) FROM {rowsTable} WHERE {ownerColumn} = @owner AND {counted}) - {TotalSql("owner")} WHERE TRUE
                    ON CONFLICT (list, owner_id, shard) DO UPDATE SET row_count = {table}.row_count + EXCLUDED.row_count
                    """, cancellationToken, ("list", list), ("owner", drift.Owner));
            }
        }
        return drifts.Select(d => new TotalDrift(list, d.Owner.ToString()!, d.Kept, d.Rows)).ToList();
    }
}
