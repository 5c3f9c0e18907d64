using System.Data.Common;
using System.Runtime.CompilerServices;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering.Purchases;

/// <summary>
/// The purchase history in PostgreSQL or SQLite (migrations 0811, 0814): one row per product of each sub-order, and each
/// shopper's count of standing rows in <c>ordering_list_counts</c> (list <c>Purchases</c>), so a page's total is a few rows' read.
/// </summary>
public sealed class SqlPurchaseHistoryStore(ReadModelDatabase database) : IPurchaseHistoryStore
{
    private const int IdBatch = 1000;
    private const string Columns = "product_id, order_id, seller_id, title, quantity, status, paid_at, received_at";
    private const string Standing = "status <> 'Withdrawn'";
    private static readonly ListCounts<Guid> Counts = new("ordering_list_counts", "Purchases", "ordering_purchases", "shopper_id", Standing);

    /// <summary>
    /// A new row is inserted, and counted in its shopper's total when it stands, in one transaction; a known one is
    /// updated only from a newer version (or the same, for a repair), its count moved when its standing changed (read
    /// under the row's lock, so a concurrent write of the same row waits and sees this one's outcome).
    /// </summary>
    public Task<bool> ApplyAsync(SubOrderPurchases rows, bool replaceSameVersion, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async tx =>
        {
            var written = false;
            foreach (var purchase in rows.Purchases)
            {
                (string, object?)[] values = [("order", purchase.OrderId), ("product", purchase.ProductId), ("sellerOrder", rows.SellerOrderId),
                    ("shopper", rows.ShopperId), ("seller", purchase.SellerId), ("title", purchase.Title), ("quantity", purchase.Quantity),
                    ("status", purchase.Status), ("paidAt", purchase.PaidAt), ("receivedAt", purchase.ReceivedAt), ("version", rows.Version)];
                var standing = Stands(purchase.Status);
                if (await tx.ExecuteAsync("""
                    INSERT INTO ordering_purchases (order_id, product_id, seller_order_id, shopper_id, seller_id, title, quantity, status, paid_at,
                        received_at, version)
                    VALUES (@order, @product, @sellerOrder, @shopper, @seller, @title, @quantity, @status, @paidAt, @receivedAt, @version)
                    ON CONFLICT (order_id, product_id) DO NOTHING
                    """, cancellationToken, values) > 0)
                {
                    if (standing)
                    {
                        await Counts.AddAsync(tx, rows.ShopperId, purchase.OrderId, +1, cancellationToken);
                    }
                    written = true;
                    continue;
                }

                var locked = database.Engine == ReadModelEngine.Postgres ? " FOR UPDATE" : "";
                var before = (await tx.QueryAsync($"SELECT shopper_id, status FROM ordering_purchases WHERE order_id = @order AND product_id = @product{locked}",
                    reader => (Shopper: reader.GetGuid(0), Standing: Stands(Enum.Parse<PurchaseStatus>(reader.GetString(1)))), cancellationToken,
                    ("order", purchase.OrderId), ("product", purchase.ProductId))).Single();
                if (await tx.ExecuteAsync($"""
                    UPDATE ordering_purchases SET seller_order_id = @sellerOrder, shopper_id = @shopper, seller_id = @seller, title = @title,
                        quantity = @quantity, status = @status, paid_at = @paidAt, received_at = @receivedAt, version = @version
                    WHERE order_id = @order AND product_id = @product AND version {(replaceSameVersion ? "<=" : "<")} @version
                    """, cancellationToken, values) == 0)
                {
                    continue;
                }
                written = true;
                if (before != (rows.ShopperId, standing))
                {
                    if (before.Standing)
                    {
                        await Counts.AddAsync(tx, before.Shopper, purchase.OrderId, -1, cancellationToken);
                    }
                    if (standing)
                    {
                        await Counts.AddAsync(tx, rows.ShopperId, purchase.OrderId, +1, cancellationToken);
                    }
                }
            }
            return written;
        }, cancellationToken);

    public async Task<SubOrderPurchases?> FindAsync(Guid sellerOrderId, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync($"SELECT {Columns}, shopper_id, version FROM ordering_purchases WHERE seller_order_id = @id ORDER BY product_id",
            reader => (Purchase: Read(reader), Shopper: reader.GetGuid(8), Version: reader.GetInt64(9)), cancellationToken, ("id", sellerOrderId));
        return rows.Count == 0 ? null : new SubOrderPurchases(sellerOrderId, rows[0].Shopper, rows[0].Version, rows.Select(r => r.Purchase).ToList());
    }

    public Task RemoveAsync(Guid sellerOrderId, CancellationToken cancellationToken) => database.InTransactionAsync(async tx =>
    {
        var removed = await tx.QueryAsync("DELETE FROM ordering_purchases WHERE seller_order_id = @id RETURNING shopper_id, order_id, status",
            reader => (Shopper: reader.GetGuid(0), Order: reader.GetGuid(1), Standing: Stands(Enum.Parse<PurchaseStatus>(reader.GetString(2)))),
            cancellationToken, ("id", sellerOrderId));
        foreach (var row in removed.Where(r => r.Standing))
        {
            await Counts.AddAsync(tx, row.Shopper, row.Order, -1, cancellationToken);
        }
        return removed.Count;
    }, cancellationToken);

    public async Task<ProductPurchase?> FindPurchaseAsync(Guid shopperId, Guid productId, CancellationToken cancellationToken) =>
        (await database.QueryAsync($"""
            SELECT {Columns} FROM ordering_purchases WHERE shopper_id = @shopper AND product_id = @product AND {Standing}
            ORDER BY CASE status WHEN 'Received' THEN 0 ELSE 1 END, paid_at DESC LIMIT 1
            """, Read, cancellationToken, ("shopper", shopperId), ("product", productId))).SingleOrDefault();

    public async Task<PagedList<ProductPurchase>> PageAsync(Guid shopperId, int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<PurchasePosition>(after);
        var keyset = from is null ? ""
            : " AND (paid_at < @paidAt OR (paid_at = @paidAt AND (order_id < @afterOrder OR (order_id = @afterOrder AND product_id < @afterProduct))))";
        var rows = await database.QueryAsync($"""
            SELECT {Columns} FROM ordering_purchases WHERE shopper_id = @shopper AND {Standing}{keyset}
            ORDER BY paid_at DESC, order_id DESC, product_id DESC LIMIT @limit OFFSET @offset
            """, Read, cancellationToken, ("shopper", shopperId), ("paidAt", from?.PaidAt ?? 0), ("afterOrder", from?.OrderId ?? Guid.Empty),
            ("afterProduct", from?.ProductId ?? Guid.Empty), ("limit", pageSize + 1), ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        var total = await Counts.TotalAsync(database, shopperId, cancellationToken);
        var items = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? KeysetCursor.Encode(PurchasePosition.Of(items[^1])) : null;
        return new PagedList<ProductPurchase>(items, page, pageSize, total, next);
    }

    public async IAsyncEnumerable<Guid> SellerOrderIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Guid? after = null;
        while (true)
        {
            var ids = await database.QueryAsync(
                $"SELECT DISTINCT seller_order_id FROM ordering_purchases {(after is null ? "" : "WHERE seller_order_id > @after")} ORDER BY seller_order_id LIMIT @limit",
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

    public Task ClearAsync(CancellationToken cancellationToken) => database.InTransactionAsync(async tx =>
    {
        await tx.ExecuteAsync("DELETE FROM ordering_purchases", cancellationToken);
        return await Counts.ClearAsync(tx, cancellationToken);
    }, cancellationToken);

    public Task<List<TotalDrift>> CheckTotalsAsync(bool repair, CancellationToken cancellationToken) => Counts.CheckAsync(database, repair, cancellationToken);

    /// <summary>Whether a purchase is listed (and counted): a withdrawn one is not.</summary>
    private static bool Stands(PurchaseStatus status) => status != PurchaseStatus.Withdrawn;

    private static ProductPurchase Read(DbDataReader reader) => new(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3),
        reader.GetInt32(4), Enum.Parse<PurchaseStatus>(reader.GetString(5)), new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
        reader.IsDBNull(7) ? null : new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero));
}
