using System.Text.Json;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.ReviewLists;

/// <summary>The review lists in PostgreSQL or SQLite (migrations 0803): the review's view as JSON plus the columns both lists are read by.</summary>
public sealed class SqlReviewListStore(ReadModelDatabase database) : IReviewListStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<bool> ApplyAsync(ReviewView review, bool replaceSameVersion, CancellationToken cancellationToken) =>
        await database.ExecuteAsync($"""
            INSERT INTO review_lists (review_id, author_id, status, created_at, updated_at, version, review)
            VALUES (@id, @author, @status, @createdAt, @updatedAt, @version, @review)
            ON CONFLICT (review_id) DO UPDATE SET author_id = EXCLUDED.author_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at,
                updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, review = EXCLUDED.review
            WHERE review_lists.version {(replaceSameVersion ? "<=" : "<")} EXCLUDED.version
            """, cancellationToken, ("id", review.ReviewId), ("author", review.AuthorId), ("status", review.Status),
            ("createdAt", review.CreatedAt.UtcTicks), ("updatedAt", review.UpdatedAt.UtcTicks), ("version", review.Version),
            ("review", JsonSerializer.Serialize(review, Json))) > 0;

    public async Task<ReviewView?> FindAsync(Guid reviewId, CancellationToken cancellationToken) =>
        (await database.QueryAsync("SELECT review FROM review_lists WHERE review_id = @id", reader => Read(reader.GetString(0)),
            cancellationToken, ("id", reviewId)))
        .SingleOrDefault();

    public Task RemoveAsync(Guid reviewId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM review_lists WHERE review_id = @id", cancellationToken, ("id", reviewId));

    public async Task<PagedList<ReviewView>> ByAuthorAsync(Guid authorId, int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<AuthorReviewPosition>(after);
        var keyset = from is null ? "" : " AND (created_at < @at OR (created_at = @at AND review_id < @afterId))";
        var (rows, total) = await database.PageWithTotalAsync("review_lists", "review", "author_id = @author AND status <> 'Removed'", keyset,
            "created_at DESC, review_id DESC", cancellationToken, ("author", authorId), ("at", from?.CreatedAt ?? 0),
            ("afterId", from?.ReviewId ?? Guid.Empty), ("limit", pageSize + 1), ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        return KeysetCursor.Page(rows.Select(Read).ToList(), page, pageSize, total, AuthorReviewPosition.Of);
    }

    public async Task<PagedList<ReviewView>> HeldAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<HeldReviewPosition>(after);
        var keyset = from is null ? "" : " AND (updated_at > @at OR (updated_at = @at AND review_id > @afterId))";
        var (rows, total) = await database.PageWithTotalAsync("review_lists", "review", "status = 'Held'", keyset, "updated_at, review_id",
            cancellationToken, ("at", from?.UpdatedAt ?? 0), ("afterId", from?.ReviewId ?? Guid.Empty), ("limit", pageSize + 1),
            ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        return KeysetCursor.Page(rows.Select(Read).ToList(), page, pageSize, total, HeldReviewPosition.Of);
    }

    public IAsyncEnumerable<Guid> ReviewIdsAsync(CancellationToken cancellationToken) => database.KeysAsync("review_lists", "review_id", cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => database.ExecuteAsync("DELETE FROM review_lists", cancellationToken);

    private static ReviewView Read(string json) => JsonSerializer.Deserialize<ReviewView>(json, Json)!;
}
