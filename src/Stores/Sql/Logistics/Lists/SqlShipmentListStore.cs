using System.Text.Json;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Lists;

/// <summary>
/// The shipment lists in PostgreSQL or SQLite (migrations 0820): one row per shipment in <c>logistics_shipments</c>,
/// the summary as JSON plus a column for every filter and sort of the lists, each list served by its own index.
/// </summary>
public sealed class SqlShipmentListStore(ReadModelDatabase database) : IShipmentListStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<bool> ApplyAsync(ShipmentListRow row, bool replaceSameVersion, CancellationToken cancellationToken)
    {
        var summary = row.Summary;
        return await database.ExecuteAsync($"""
            INSERT INTO logistics_shipments (id, seller_id, shopper_id, order_id, courier_id, created_at, awaiting_since, due_at, version, summary)
            VALUES (@id, @seller, @shopper, @order, @courier, @createdAt, @awaitingSince, @dueAt, @version, @summary)
            ON CONFLICT (id) DO UPDATE SET seller_id = EXCLUDED.seller_id, shopper_id = EXCLUDED.shopper_id, order_id = EXCLUDED.order_id,
                courier_id = EXCLUDED.courier_id, created_at = EXCLUDED.created_at, awaiting_since = EXCLUDED.awaiting_since,
                due_at = EXCLUDED.due_at, version = EXCLUDED.version, summary = EXCLUDED.summary
            WHERE logistics_shipments.version {(replaceSameVersion ? "<=" : "<")} EXCLUDED.version
            """, cancellationToken, ("id", summary.ShipmentId), ("seller", summary.SellerId), ("shopper", summary.ShopperId),
            ("order", summary.OrderId), ("courier", summary.CourierId), ("createdAt", summary.CreatedAt), ("awaitingSince", row.AwaitingCourierSince),
            ("dueAt", row.DueAt), ("version", row.Version), ("summary", JsonSerializer.Serialize(summary, Json))) > 0;
    }

    public async Task<ShipmentListRow?> FindAsync(Guid shipmentId, CancellationToken cancellationToken) =>
        (await database.QueryAsync("SELECT summary, awaiting_since, due_at, version FROM logistics_shipments WHERE id = @id",
            reader => new ShipmentListRow(Read(reader.GetString(0)), Instant(reader, 1), Instant(reader, 2), reader.GetInt64(3)),
            cancellationToken, ("id", shipmentId)))
        .SingleOrDefault();

    public Task RemoveAsync(Guid shipmentId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM logistics_shipments WHERE id = @id", cancellationToken, ("id", shipmentId));

    public async Task<PagedList<ShipmentSummary>> PageAsync(ShipmentList list, DateTimeOffset now, int page, int pageSize, string? after,
        CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<ShipmentListPosition>(after);
        var (filter, sort) = Query(list);
        var (direction, beyond) = list.NewestFirst() ? ("DESC", "<") : ("ASC", ">");
        var keyset = from is null ? "" : $" AND ({sort} {beyond} @at OR ({sort} = @at AND id {beyond} @afterId))";
        (string, object?)[] parameters = [("party", list.PartyId), ("order", list.OrderId), ("now", now)];
        var rows = await database.QueryAsync(
            $"SELECT summary, {sort} FROM logistics_shipments WHERE {filter}{keyset} ORDER BY {sort} {direction}, id {direction} LIMIT @limit OFFSET @offset",
            reader => (Summary: Read(reader.GetString(0)), At: reader.GetInt64(1)), cancellationToken,
            [.. parameters, ("at", from?.At ?? 0), ("afterId", from?.Id ?? Guid.Empty), ("limit", pageSize + 1),
                ("offset", from is null ? (long)(page - 1) * pageSize : 0)]);
        var total = await database.QueryAsync($"SELECT count(*) FROM logistics_shipments WHERE {filter}",
            reader => Convert.ToInt32(reader.GetValue(0)), cancellationToken, parameters);
        var paged = KeysetCursor.Page(rows, page, pageSize, total.Single(), r => new ShipmentListPosition(r.At, r.Summary.ShipmentId));
        return new PagedList<ShipmentSummary>(paged.Items.Select(r => r.Summary).ToList(), page, pageSize, paged.Total, paged.Next);
    }

    public IAsyncEnumerable<Guid> IdsAsync(CancellationToken cancellationToken) => database.KeysAsync("logistics_shipments", "id", cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => database.ExecuteAsync("DELETE FROM logistics_shipments", cancellationToken);

    /// <summary>The list's filter and sort column, each matching one index of migration 0820.</summary>
    private static (string Filter, string Sort) Query(ShipmentList list) => list.Kind switch
    {
        ShipmentListKind.Seller => ("seller_id = @party", "created_at"),
        ShipmentListKind.Shopper => ("shopper_id = @party", "created_at"),
        ShipmentListKind.ShopperOrder => ("order_id = @order AND shopper_id = @party", "created_at"),
        ShipmentListKind.Courier => ("courier_id = @party", "created_at"),
        ShipmentListKind.AwaitingCourier => ("awaiting_since IS NOT NULL", "awaiting_since"),
        ShipmentListKind.Overdue => ("due_at <= @now", "due_at"),
        _ => throw new ValidationException("list", $"There is no shipment list {list.Kind}."),
    };

    private static DateTimeOffset? Instant(System.Data.Common.DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : new DateTimeOffset(reader.GetInt64(column), TimeSpan.Zero);

    private static ShipmentSummary Read(string json) => JsonSerializer.Deserialize<ShipmentSummary>(json, Json)!;
}
