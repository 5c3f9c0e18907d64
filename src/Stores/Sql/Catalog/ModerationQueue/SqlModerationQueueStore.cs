using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Catalog.ModerationQueue;

/// <summary>The operators' queue in PostgreSQL or SQLite (migrations 0801): the case as JSON plus queued, since and version.</summary>
public sealed class SqlModerationQueueStore(ReadModelDatabase database) : IModerationQueueStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<bool> ApplyAsync(ModerationQueueRow row, bool replaceSameVersion, CancellationToken cancellationToken) =>
        await database.ExecuteAsync($"""
            INSERT INTO catalog_moderation_queue (product_id, version, queued, since, entry) VALUES (@id, @version, @queued, @since, @entry)
            ON CONFLICT (product_id) DO UPDATE SET version = EXCLUDED.version, queued = EXCLUDED.queued, since = EXCLUDED.since,
                entry = EXCLUDED.entry
            WHERE catalog_moderation_queue.version {(replaceSameVersion ? "<=" : "<")} EXCLUDED.version
            """, cancellationToken, ("id", row.ProductId), ("version", row.Version), ("queued", row.Case is not null),
            ("since", row.Case?.Since.UtcTicks ?? 0), ("entry", row.Case is null ? null : JsonSerializer.Serialize(row.Case, Json))) > 0;

    public async Task<ModerationQueueRow?> FindAsync(Guid productId, CancellationToken cancellationToken) =>
        (await database.QueryAsync("SELECT entry, version FROM catalog_moderation_queue WHERE product_id = @id",
            reader => new ModerationQueueRow(productId, reader.IsDBNull(0) ? null : Read(reader.GetString(0)), reader.GetInt64(1)),
            cancellationToken, ("id", productId)))
        .SingleOrDefault();

    public Task RemoveAsync(Guid productId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM catalog_moderation_queue WHERE product_id = @id", cancellationToken, ("id", productId));

    public async Task<PagedList<ModerationCase>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<ModerationQueuePosition>(after);
        var keyset = from is null ? "" : " AND (since > @since OR (since = @since AND product_id > @afterId))";
        var (rows, total) = await database.PageWithTotalAsync("catalog_moderation_queue", "entry", "queued", keyset, "since, product_id",
            cancellationToken, ("since", from?.Since ?? 0), ("afterId", from?.ProductId ?? Guid.Empty),
            ("limit", pageSize + 1), ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        return KeysetCursor.Page(rows.Select(Read).ToList(), page, pageSize, total, ModerationQueuePosition.Of);
    }

    public IAsyncEnumerable<Guid> ProductIdsAsync(CancellationToken cancellationToken) =>
        database.KeysAsync("catalog_moderation_queue", "product_id", cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => database.ExecuteAsync("DELETE FROM catalog_moderation_queue", cancellationToken);

    private static ModerationCase Read(string json) => JsonSerializer.Deserialize<ModerationCase>(json, Json)!;
}
