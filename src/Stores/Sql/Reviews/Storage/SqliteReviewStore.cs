using System.Runtime.CompilerServices;
using Marketplace.Grains.Common;
using Marketplace.Reviews;
using Microsoft.Data.Sqlite;

namespace Marketplace.Grains.Reviews.Storage;

/// <summary>
/// Reviews in the <c>review_records</c> table of the Sqlite profile's database (migration Sqlite/0700): the document
/// as JSON text plus the columns it is listed by.
/// </summary>
public sealed class SqliteReviewStore(SqliteDocuments database) : IReviewStore
{
    private const string Key = "@key";
    private const string Columns = "record, version, count(*) OVER ()";

    public async Task<ReviewRecord?> Find(Guid reviewId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM review_records WHERE review_id = @key", Read, cancellationToken, ("key", reviewId)))
        .Select(row => row.Record).SingleOrDefault();

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

    public Task<RecordPage> FindByAuthor(Guid authorId, int page, int pageSize, CancellationToken cancellationToken = default) =>
        Query(ReviewListQuery.ByAuthor(Key), authorId, page, pageSize, cancellationToken);

    public Task<RecordPage> FindByStatus(ReviewStatus status, int page, int pageSize, CancellationToken cancellationToken = default) =>
        Query(ReviewListQuery.ByStatus(Key), status.ToString(), page, pageSize, cancellationToken);

    private async Task<RecordPage> Query(ReviewListQuery list, object key, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync($"SELECT {Columns} FROM review_records WHERE {list.Where} ORDER BY {list.OrderBy}, review_id LIMIT @limit OFFSET @offset",
            Read, cancellationToken, ("key", key), ("limit", pageSize), ("offset", (page - 1) * pageSize));
        if (rows.Count > 0 || page == 1)
        {
            return new RecordPage(rows.Select(row => row.Record).ToList(), rows.Count > 0 ? rows[0].Total : 0);
        }
        // A page past the end has no row to carry the window's count.
        var total = await database.QueryAsync($"SELECT count(*) FROM review_records WHERE {list.Where}", reader => reader.GetInt32(0), cancellationToken, ("key", key));
        return new RecordPage([], total.Single());
    }

    private static (ReviewRecord Record, int Total) Read(SqliteDataReader reader) =>
        (ReviewRecordJson.Deserialize(reader.GetString(0), reader.GetInt64(1)), reader.GetInt32(2));
}
