using System.Text.Json;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Promotions;

namespace Marketplace.Grains.Promotions.Lists;

/// <summary>The code list in PostgreSQL or SQLite (migrations 0831): the code's view as JSON, with its creation and revision as columns.</summary>
public sealed class SqlPromoCodeListStore(ReadModelDatabase database) : IPromoCodeListStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task ApplyAsync(PromoCodeView code, long revision, CancellationToken cancellationToken) =>
        database.ExecuteAsync("""
            INSERT INTO promotions_codes (code, version, created, entry) VALUES (@code, @version, @created, @entry)
            ON CONFLICT (code) DO UPDATE SET version = EXCLUDED.version, entry = EXCLUDED.entry
            WHERE promotions_codes.version < EXCLUDED.version
            """, cancellationToken, ("code", code.Code), ("version", revision), ("created", code.CreatedAt.UtcTicks), ("entry", JsonSerializer.Serialize(code, Json)));

    /// <summary>Read and rewritten in one transaction; a code's events reach its projector one at a time.</summary>
    public Task ApplyCountsAsync(string code, int redeemed, int reserved, long revision, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async transaction =>
        {
            var stored = (await transaction.QueryAsync("SELECT entry FROM promotions_codes WHERE code = @code AND version < @version",
                reader => reader.GetString(0), cancellationToken, ("code", code), ("version", revision))).SingleOrDefault();
            return stored is null
                ? 0
                : await transaction.ExecuteAsync("UPDATE promotions_codes SET version = @version, entry = @entry WHERE code = @code AND version < @version",
                    cancellationToken, ("code", code), ("version", revision),
                    ("entry", JsonSerializer.Serialize(Read(stored) with { Redeemed = redeemed, Reserved = reserved }, Json)));
        }, cancellationToken);

    public async Task<PagedList<PromoCodeView>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<PromoCodePosition>(after);
        var keyset = from is null ? "" : " AND (created < @created OR (created = @created AND code < @afterCode))";
        var (rows, total) = await database.PageWithTotalAsync("promotions_codes", "entry", "1 = 1", keyset, "created DESC, code DESC", cancellationToken, ("created", from?.Created ?? 0), ("afterCode", from?.Code ?? ""),
            ("limit", pageSize + 1), ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        return KeysetCursor.Page(rows.Select(Read).ToList(), page, pageSize, total, PromoCodePosition.Of);
    }

    private static PromoCodeView Read(string json) => JsonSerializer.Deserialize<PromoCodeView>(json, Json)!;
}
