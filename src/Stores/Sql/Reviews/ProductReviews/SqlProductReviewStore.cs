using System.Text.Json;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.ProductReviews;

/// <summary>Each product's published reviews in PostgreSQL or SQLite (migrations 0802): the review as JSON plus the columns it is listed by.</summary>
public sealed class SqlProductReviewStore(ReadModelDatabase database) : IProductReviewStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<bool> ApplyAsync(ProductReviewRow row, bool replaceSameVersion, CancellationToken cancellationToken) =>
        await database.ExecuteAsync($"""
            INSERT INTO reviews_by_product (review_id, product_id, version, listed, stars, published_at, review)
            VALUES (@id, @product, @version, @listed, @stars, @publishedAt, @review)
            ON CONFLICT (review_id) DO UPDATE SET product_id = EXCLUDED.product_id, version = EXCLUDED.version, listed = EXCLUDED.listed,
                stars = EXCLUDED.stars, published_at = EXCLUDED.published_at, review = EXCLUDED.review
            WHERE reviews_by_product.version {(replaceSameVersion ? "<=" : "<")} EXCLUDED.version
            """, cancellationToken, ("id", row.ReviewId), ("product", row.ProductId), ("version", row.Version), ("listed", row.Review is not null),
            ("stars", row.Review?.Stars ?? 0), ("publishedAt", row.Review?.PublishedAt.UtcTicks ?? 0),
            ("review", row.Review is null ? null : JsonSerializer.Serialize(row.Review, Json))) > 0;

    public async Task<ProductReviewRow?> FindAsync(Guid reviewId, CancellationToken cancellationToken) =>
        (await database.QueryAsync("SELECT product_id, review, version FROM reviews_by_product WHERE review_id = @id",
            reader => new ProductReviewRow(reviewId, reader.GetGuid(0), reader.IsDBNull(1) ? null : Read(reader.GetString(1)), reader.GetInt64(2)),
            cancellationToken, ("id", reviewId)))
        .SingleOrDefault();

    public Task RemoveAsync(Guid reviewId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM reviews_by_product WHERE review_id = @id", cancellationToken, ("id", reviewId));

    public async Task<PagedList<PublishedReview>> PageAsync(Guid productId, ReviewSort sort, int page, int pageSize, string? after,
        CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<ProductReviewPosition>(after);
        var (orderBy, keyset) = ProductReviewPosition.Sql(sort);
        var (rows, total) = await database.PageWithTotalAsync("reviews_by_product", "review", "product_id = @product AND listed",
            from is null ? "" : " AND " + keyset, orderBy, cancellationToken, ("product", productId), ("stars", from?.Stars ?? 0),
            ("publishedAt", from?.PublishedAt ?? 0), ("id", from?.ReviewId ?? Guid.Empty), ("limit", pageSize + 1),
            ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        return KeysetCursor.Page(rows.Select(Read).ToList(), page, pageSize, total, ProductReviewPosition.Of);
    }

    public async Task<int[]> CountByStarsAsync(Guid productId, CancellationToken cancellationToken)
    {
        var counts = new int[ReviewLimits.MaxStars];
        var rows = await database.QueryAsync("SELECT stars, count(*) FROM reviews_by_product WHERE product_id = @product AND listed GROUP BY stars",
            reader => (Stars: Convert.ToInt32(reader.GetValue(0)), Count: Convert.ToInt32(reader.GetValue(1))), cancellationToken, ("product", productId));
        foreach (var (stars, count) in rows)
        {
            counts[stars - 1] = count;
        }
        return counts;
    }

    public IAsyncEnumerable<Guid> ReviewIdsAsync(CancellationToken cancellationToken) => database.KeysAsync("reviews_by_product", "review_id", cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => database.ExecuteAsync("DELETE FROM reviews_by_product", cancellationToken);

    private static PublishedReview Read(string json) => JsonSerializer.Deserialize<PublishedReview>(json, Json)!;
}
