using System.Data.Common;
using System.Runtime.CompilerServices;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering.Purchases;

/// <summary>The purchase history in PostgreSQL or SQLite (migrations 0811): one row per product of each sub-order.</summary>
public sealed class SqlPurchaseHistoryStore(ReadModelDatabase database) : IPurchaseHistoryStore
{
    private const int IdBatch = 1000;
    private const string Columns = "product_id, order_id, seller_id, title, quantity, status, paid_at, received_at";
    private const string Standing = "status <> 'Withdrawn'";

    public Task<bool> ApplyAsync(SubOrderPurchases rows, bool replaceSameVersion, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async tx =>
        {
            var written = 0;
            foreach (var purchase in rows.Purchases)
            {
                written += await tx.ExecuteAsync($"""
                    INSERT INTO ordering_purchases (order_id, product_id, seller_order_id, shopper_id, seller_id, title, quantity, status, paid_at,
                        received_at, version)
                    VALUES (@order, @product, @sellerOrder, @shopper, @seller, @title, @quantity, @status, @paidAt, @receivedAt, @version)
                    ON CONFLICT (order_id, product_id) DO UPDATE SET seller_order_id = EXCLUDED.seller_order_id, shopper_id = EXCLUDED.shopper_id,
                        seller_id = EXCLUDED.seller_id, title = EXCLUDED.title, quantity = EXCLUDED.quantity, status = EXCLUDED.status,
                        paid_at = EXCLUDED.paid_at, received_at = EXCLUDED.received_at, version = EXCLUDED.version
                    WHERE ordering_purchases.version {(replaceSameVersion ? "<=" : "<")} EXCLUDED.version
                    """, cancellationToken, ("order", purchase.OrderId), ("product", purchase.ProductId), ("sellerOrder", rows.SellerOrderId),
                    ("shopper", rows.ShopperId), ("seller", purchase.SellerId), ("title", purchase.Title), ("quantity", purchase.Quantity),
                    ("status", purchase.Status), ("paidAt", purchase.PaidAt), ("receivedAt", purchase.ReceivedAt), ("version", rows.Version));
            }
            return written > 0;
        }, cancellationToken);

    public async Task<SubOrderPurchases?> FindAsync(Guid sellerOrderId, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync($"SELECT {Columns}, shopper_id, version FROM ordering_purchases WHERE seller_order_id = @id ORDER BY product_id",
            reader => (Purchase: Read(reader), Shopper: reader.GetGuid(8), Version: reader.GetInt64(9)), cancellationToken, ("id", sellerOrderId));
        return rows.Count == 0 ? null : new SubOrderPurchases(sellerOrderId, rows[0].Shopper, rows[0].Version, rows.Select(r => r.Purchase).ToList());
    }

    public Task RemoveAsync(Guid sellerOrderId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM ordering_purchases WHERE seller_order_id = @id", cancellationToken, ("id", sellerOrderId));

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
        var total = await database.QueryAsync($"SELECT count(*) FROM ordering_purchases WHERE shopper_id = @shopper AND {Standing}",
            reader => Convert.ToInt32(reader.GetValue(0)), cancellationToken, ("shopper", shopperId));
        var items = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? KeysetCursor.Encode(PurchasePosition.Of(items[^1])) : null;
        return new PagedList<ProductPurchase>(items, page, pageSize, total.Single(), next);
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

    public Task ClearAsync(CancellationToken cancellationToken) => database.ExecuteAsync("DELETE FROM ordering_purchases", cancellationToken);

    private static ProductPurchase Read(DbDataReader reader) => new(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3),
        reader.GetInt32(4), Enum.Parse<PurchaseStatus>(reader.GetString(5)), new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
        reader.IsDBNull(7) ? null : new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero));
}
