using System.Runtime.CompilerServices;
using Marketplace.Grains.Common;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.Storage;

/// <summary>
/// Reviews in the <c>review_records</c> table of the Sqlite profile's database (migration Sqlite/0700): the document
/// as JSON text plus the columns it was once listed by.
/// </summary>
public sealed class SqliteReviewStore(SqliteDocuments database) : IReviewStore
{
    public async Task<ReviewRecord?> Find(Guid reviewId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync("SELECT record, version FROM review_records WHERE review_id = @id",
            reader => ReviewRecordJson.Deserialize(reader.GetString(0), reader.GetInt64(1)), cancellationToken, ("id", reviewId)))
        .SingleOrDefault();

    public async Task Save(ReviewRecord record, CancellationToken cancellationToken = default)
    {
        const string insert = """
            INSERT INTO review_records (review_id, product_id, author_id, status, stars, created_at, updated_at, published_at, version, record)
            VALUES (@reviewId, @productId, @authorId, @status, @stars, @createdAt, @updatedAt, @publishedAt, 1, @record)
            ON CONFLICT (review_id) DO NOTHING
            """;
        const string update = """
            UPDATE review_records
               SET status = @status, stars = @stars, created_at = @createdAt, updated_at = @updatedAt, published_at = @publishedAt,
                   version = version + 1, record = @record
             WHERE review_id = @reviewId AND product_id = @productId AND author_id = @authorId AND version = @version
            """;
        var saved = await database.ExecuteAsync(record.Version == 0 ? insert : update, cancellationToken,
            ("reviewId", record.ReviewId), ("productId", record.ProductId), ("authorId", record.AuthorId),
            ("status", record.Status.ToString()), ("stars", record.Stars), ("createdAt", record.CreatedAt.UtcTicks),
            ("updatedAt", record.UpdatedAt.UtcTicks), ("publishedAt", record.PublishedAt?.UtcTicks),
            ("record", ReviewRecordJson.Serialize(record)), ("version", record.Version));
        if (saved != 1)
        {
            throw new ReviewRecordConflictException(record.ReviewId, record.Version);
        }
        record.Version++;
    }

    public async IAsyncEnumerable<Guid> ReviewIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var id in await database.QueryAsync("SELECT review_id FROM review_records", reader => reader.GetGuid(0), cancellationToken))
        {
            yield return id;
        }
    }
}
