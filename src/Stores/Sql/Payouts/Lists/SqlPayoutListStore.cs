using System.Text.Json;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Payouts;

namespace Marketplace.Grains.Payouts.Lists;

/// <summary>The payout lists in PostgreSQL or SQLite (migration 0851): each row's view as JSON, a page and its total read in one statement.</summary>
public sealed class SqlPayoutListStore(ReadModelDatabase database) : IPayoutListStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string Newest = "created_at DESC, id DESC";

    public Task UpsertRunAsync(PayoutRunView run, CancellationToken cancellationToken) => database.ExecuteAsync("""
        INSERT INTO payout_runs (id, started_at, version, summary) VALUES (@id, @startedAt, @version, @summary)
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, summary = EXCLUDED.summary WHERE payout_runs.version < EXCLUDED.version
        """, cancellationToken, ("id", run.RunId), ("startedAt", run.StartedAt), ("version", run.Version), ("summary", JsonSerializer.Serialize(run, Json)));

    public Task UpsertPayoutAsync(PayoutView payout, long version, CancellationToken cancellationToken) => database.ExecuteAsync("""
        INSERT INTO payouts (id, run_id, seller_id, status, failing, amount, created_at, version, summary)
        VALUES (@id, @runId, @sellerId, @status, @failing, @amount, @createdAt, @version, @summary)
        ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, failing = EXCLUDED.failing, amount = EXCLUDED.amount, version = EXCLUDED.version,
            summary = EXCLUDED.summary
        WHERE payouts.version < EXCLUDED.version
        """, cancellationToken, ("id", payout.PayoutId), ("runId", payout.RunId), ("sellerId", payout.SellerId), ("status", payout.Status),
        ("failing", PayoutRows.IsFailing(payout) ? 1 : 0), ("amount", payout.AmountMinor), ("createdAt", payout.CreatedAt), ("version", version),
        ("summary", JsonSerializer.Serialize(payout, Json)));

    public async Task<PagedList<PayoutRunView>> RunsAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<NewestPosition>(after);
        var (rows, total) = await database.PageWithTotalAsync("payout_runs", "summary", "1 = 1",
            from is null ? "" : " AND (started_at < @at OR (started_at = @at AND id < @afterId))", "started_at DESC, id DESC", cancellationToken,
            Window(from, page, pageSize));
        return KeysetCursor.Page(rows.Select(Read<PayoutRunView>).ToList(), page, pageSize, total, r => new NewestPosition(r.StartedAt, r.RunId));
    }

    public async Task<PayoutRunView?> FindRunAsync(Guid runId, CancellationToken cancellationToken) =>
        (await database.QueryAsync("SELECT summary FROM payout_runs WHERE id = @id", reader => Read<PayoutRunView>(reader.GetString(0)), cancellationToken,
            ("id", runId))).SingleOrDefault();

    public Task<List<PayoutTotal>> TotalsAsync(Guid runId, CancellationToken cancellationToken) => database.QueryAsync(
        "SELECT status, count(*), COALESCE(SUM(amount), 0) FROM payouts WHERE run_id = @run GROUP BY status ORDER BY status",
        reader => new PayoutTotal(Enum.Parse<PayoutStatus>(reader.GetString(0)), Convert.ToInt32(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2))),
        cancellationToken, ("run", runId));

    public async Task<PagedList<PayoutView>> PayoutsAsync(PayoutFilter filter, int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<NewestPosition>(after);
        var where = string.Join(" AND ", new[]
        {
            filter.RunId is null ? null : "run_id = @run",
            filter.SellerId is null ? null : "seller_id = @seller",
            filter.Status is null ? null : "status = @status",
            filter.Failing ? "failing = 1" : null,
        }.Where(c => c is not null).DefaultIfEmpty("1 = 1"));
        (string, object?)[] parameters =
        [
            .. Window(from, page, pageSize), ("run", filter.RunId ?? Guid.Empty), ("seller", filter.SellerId ?? Guid.Empty), ("status", filter.Status?.ToString() ?? ""),
        ];
        var (rows, total) = await database.PageWithTotalAsync("payouts", "summary", where,
            from is null ? "" : " AND (created_at < @at OR (created_at = @at AND id < @afterId))", Newest, cancellationToken, parameters);
        return KeysetCursor.Page(rows.Select(Read<PayoutView>).ToList(), page, pageSize, total, p => new NewestPosition(p.CreatedAt, p.PayoutId));
    }

    public Task<List<Guid>> SendingAsync(Guid afterId, int limit, CancellationToken cancellationToken) => database.QueryAsync(
        "SELECT id FROM payouts WHERE status = @status AND id > @after ORDER BY id LIMIT @limit", reader => reader.GetGuid(0), cancellationToken,
        ("status", PayoutStatus.Sending), ("after", afterId), ("limit", limit));

    private static (string, object?)[] Window(NewestPosition? from, int page, int pageSize) =>
    [
        ("at", from?.At ?? default), ("afterId", from?.Id ?? Guid.Empty), ("limit", pageSize + 1), ("offset", from is null ? (long)(page - 1) * pageSize : 0),
    ];

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)!;
}
