using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Identity;

namespace Marketplace.Grains.Identity.Records;

/// <summary>The audit trail in the <c>operator_audit</c> table (migration 0100) of the users store's database.</summary>
public sealed class SqlOperatorAuditStore(ReadModelDatabase database) : IOperatorAuditStore
{
    private const string Columns = "id, at, operator_id, gateway, action, path, target_id, status, client_address, detail";

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        database.ExecuteAsync($"""
            INSERT INTO operator_audit ({Columns})
            VALUES (@id, @at, @operator, @gateway, @action, @path, @target, @status, @address, @detail)
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken, ("id", entry.Id), ("at", entry.At), ("operator", entry.OperatorId), ("gateway", entry.Gateway),
            ("action", entry.Action), ("path", entry.Path), ("target", entry.TargetId), ("status", entry.Status),
            ("address", entry.ClientAddress), ("detail", entry.Detail));

    public async Task<PagedList<AuditEntry>> PageAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        Paging.Validate(query.Page, query.PageSize);
        var from = KeysetCursor.Decode<AuditPosition>(query.After);
        // Only the filters asked for: a NULL parameter compared in SQL would need a type PostgreSQL cannot infer.
        var filters = new List<string>();
        if (query.OperatorId is not null)
        {
            filters.Add("operator_id = @operator");
        }
        if (query.TargetId is not null)
        {
            filters.Add("target_id = @target");
        }
        var filtered = filters.Count == 0 ? "" : $"WHERE {string.Join(" AND ", filters)}";
        var keyset = from is null ? "" : $"{(filters.Count == 0 ? "WHERE" : "AND")} (at < @at OR (at = @at AND id < @afterId))";
        (string, object?)[] parameters =
        [
            ("operator", query.OperatorId), ("target", query.TargetId), ("at", from?.At ?? 0), ("afterId", from?.Id ?? Guid.Empty),
            ("limit", query.PageSize + 1), ("offset", from is null ? (long)(query.Page - 1) * query.PageSize : 0),
        ];
        var rows = await database.QueryAsync($"SELECT {Columns} FROM operator_audit {filtered} {keyset} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset",
            reader => new AuditEntry(reader.GetGuid(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), reader.GetGuid(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetGuid(6), Convert.ToInt32(reader.GetValue(7)),
                reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)),
            cancellationToken, parameters);
        var total = await database.QueryAsync($"SELECT count(*) FROM operator_audit {filtered}", reader => Convert.ToInt32(reader.GetValue(0)),
            cancellationToken, parameters);
        return KeysetCursor.Page(rows, query.Page, query.PageSize, total.Single(), AuditPosition.Of);
    }
}
