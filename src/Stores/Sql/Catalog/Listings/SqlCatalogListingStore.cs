using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Catalog.Listings;

/// <summary>
/// The catalog's projection tables in PostgreSQL or SQLite (migrations 0800, 0804): the summary as JSON plus the columns
/// the listings are filtered and ordered by, one transaction per product so its seller row, its category rows and the
/// categories' counts (<c>catalog_listing_counts</c>, list <c>Category</c>) agree.
/// </summary>
public sealed class SqlCatalogListingStore(ReadModelDatabase database) : ICatalogListingStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ListCounts<string> CategoryCounts = new("catalog_listing_counts", "Category", "catalog_category_listings", "category");

    public Task<bool> ApplyAsync(CatalogListingEntry entry, CancellationToken cancellationToken) => database.InTransactionAsync(async tx =>
    {
        var summary = entry.Summary;
        // The seller row is the product's version: a stale entry stops here, and a concurrent one waits on its lock.
        var written = await tx.ExecuteAsync("""
            INSERT INTO catalog_seller_products (product_id, seller_id, version, released, price, recency, summary)
            VALUES (@id, @seller, @version, @released, @price, @recency, @summary)
            ON CONFLICT (product_id) DO UPDATE SET seller_id = EXCLUDED.seller_id, version = EXCLUDED.version,
                released = EXCLUDED.released, price = EXCLUDED.price, recency = EXCLUDED.recency, summary = EXCLUDED.summary
            WHERE catalog_seller_products.version < EXCLUDED.version
            """, cancellationToken, Row(entry, ("seller", summary.SellerId), ("released", summary.Released)));
        if (written == 0)
        {
            return false;
        }

        var categories = entry.Categories.Select((c, i) => ($"c{i}", (object?)c)).ToArray();
        var keep = categories.Length == 0 ? "" : $" AND category NOT IN ({string.Join(", ", categories.Select(c => "@" + c.Item1))})";
        await Uncount(tx, await tx.QueryAsync($"DELETE FROM catalog_category_listings WHERE product_id = @id{keep} RETURNING category",
            reader => reader.GetString(0), cancellationToken, [("id", summary.ProductId), .. categories]), summary.ProductId, cancellationToken);
        foreach (var category in entry.Categories)
        {
            var row = Row(entry, ("category", category));
            if (await tx.ExecuteAsync("""
                INSERT INTO catalog_category_listings (category, product_id, version, price, recency, summary)
                VALUES (@category, @id, @version, @price, @recency, @summary)
                ON CONFLICT (category, product_id) DO NOTHING
                """, cancellationToken, row) > 0)
            {
                await CategoryCounts.AddAsync(tx, category, summary.ProductId, +1, cancellationToken);
                continue;
            }
            await tx.ExecuteAsync("""
                UPDATE catalog_category_listings SET version = @version, price = @price, recency = @recency, summary = @summary
                WHERE category = @category AND product_id = @id
                """, cancellationToken, row);
        }
        return true;
    }, cancellationToken);

    public async Task<CatalogListingEntry?> FindAsync(Guid productId, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync("SELECT summary, version FROM catalog_seller_products WHERE product_id = @id",
            reader => (Summary: Read(reader.GetString(0)), Version: reader.GetInt64(1)), cancellationToken, ("id", productId));
        if (rows.Count == 0)
        {
            return null;
        }
        var categories = await database.QueryAsync("SELECT category FROM catalog_category_listings WHERE product_id = @id",
            reader => reader.GetString(0), cancellationToken, ("id", productId));
        return new CatalogListingEntry(rows[0].Summary, categories, rows[0].Version);
    }

    public Task RemoveAsync(Guid productId, CancellationToken cancellationToken) => database.InTransactionAsync(async tx =>
    {
        await Uncount(tx, await tx.QueryAsync("DELETE FROM catalog_category_listings WHERE product_id = @id RETURNING category",
            reader => reader.GetString(0), cancellationToken, ("id", productId)), productId, cancellationToken);
        return await tx.ExecuteAsync("DELETE FROM catalog_seller_products WHERE product_id = @id", cancellationToken, ("id", productId));
    }, cancellationToken);

    public Task<PagedList<ProductSummary>> CategoryAsync(string categoryId, ListingQuery query, CancellationToken cancellationToken) =>
        PageAsync("catalog_category_listings", "category = @key", CategoryCounts.TotalSql("key"), categoryId, query, cancellationToken);

    public Task<PagedList<ProductSummary>> SellerAsync(Guid sellerId, ListingQuery query, CancellationToken cancellationToken)
    {
        var filter = query.PublishedOnly ? "seller_id = @key AND released" : "seller_id = @key";
        return PageAsync("catalog_seller_products", filter, ReadModelDatabase.CountSql("catalog_seller_products", filter), sellerId, query, cancellationToken);
    }

    public IAsyncEnumerable<Guid> ProductIdsAsync(CancellationToken cancellationToken) =>
        database.KeysAsync("catalog_seller_products", "product_id", cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => database.InTransactionAsync(async tx =>
    {
        await tx.ExecuteAsync("DELETE FROM catalog_category_listings", cancellationToken);
        await CategoryCounts.ClearAsync(tx, cancellationToken);
        return await tx.ExecuteAsync("DELETE FROM catalog_seller_products", cancellationToken);
    }, cancellationToken);

    public Task<List<TotalDrift>> CheckTotalsAsync(bool repair, CancellationToken cancellationToken) =>
        CategoryCounts.CheckAsync(database, repair, cancellationToken);

    private static async Task Uncount(ReadModelTransaction tx, List<string> categories, Guid productId, CancellationToken cancellationToken)
    {
        foreach (var category in categories)
        {
            await CategoryCounts.AddAsync(tx, category, productId, -1, cancellationToken);
        }
    }

    /// <summary>A page of the rows <paramref name="filter"/> selects, and <paramref name="total"/> (a scalar subquery) read with it.</summary>
    private async Task<PagedList<ProductSummary>> PageAsync(string table, string filter, string total, object key, ListingQuery query,
        CancellationToken cancellationToken)
    {
        Paging.Validate(query.Page, query.PageSize);
        var after = ListingOrder.Decode(query.After);
        var (orderBy, keyset) = ListingOrder.Sql(query.Sort);
        // Keyset pages start after the cursor's row; numbered pages skip rows, as the public API always allowed.
        var offset = after is null ? (long)(query.Page - 1) * query.PageSize : 0;
        // One statement: a product released between a page query and a total's read would be counted but not listed.
        var (rows, count) = await database.PageWithTotalAsync(table, "summary", filter, after is null ? "" : " AND " + keyset, orderBy, total,
            cancellationToken, ("key", key), ("price", after?.Price ?? 0), ("recency", after?.Recency ?? 0), ("id", after?.ProductId ?? Guid.Empty),
            ("limit", query.PageSize + 1), ("offset", offset));
        return KeysetCursor.Page(rows.Select(Read).ToList(), query.Page, query.PageSize, count, ListingOrder.Of);
    }

    private static (string Name, object? Value)[] Row(CatalogListingEntry entry, params (string Name, object? Value)[] extra) =>
    [
        ("id", entry.Summary.ProductId), ("version", entry.Version), ("price", entry.Summary.Price),
        ("recency", CatalogListingEntry.Recency(entry.Summary)), ("summary", JsonSerializer.Serialize(entry.Summary, Json)), .. extra,
    ];

    private static ProductSummary Read(string json) => JsonSerializer.Deserialize<ProductSummary>(json, Json)!;
}
