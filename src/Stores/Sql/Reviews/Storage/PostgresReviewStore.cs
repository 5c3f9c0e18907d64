using System.Runtime.CompilerServices;
using Marketplace.Reviews;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Grains.Reviews.Storage;

/// <summary>Reviews in the <c>review_records</c> table (migration 0700): the document as jsonb plus the columns it was once listed by.</summary>
public sealed class PostgresReviewStore(NpgsqlDataSource dataSource) : IReviewStore
{
    public async Task<ReviewRecord?> Find(Guid reviewId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT record::text, version FROM review_records WHERE review_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = reviewId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReviewRecordJson.Deserialize(reader.GetString(0), reader.GetInt64(1)) : null;
    }

    public async Task Save(ReviewRecord record, CancellationToken cancellationToken = default)
    {
        const string insert = """
            INSERT INTO review_records (review_id, product_id, author_id, status, stars, created_at, updated_at, published_at, version, record)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9)
            ON CONFLICT (review_id) DO NOTHING
            """;
        const string update = """
            UPDATE review_records
               SET status = $4, stars = $5, created_at = $6, updated_at = $7, published_at = $8, version = version + 1, record = $9
             WHERE review_id = $1 AND product_id = $2 AND author_id = $3 AND version = $10
            """;
        await using var command = dataSource.CreateCommand(record.Version == 0 ? insert : update);
        command.Parameters.Add(new NpgsqlParameter { Value = record.ReviewId });
        command.Parameters.Add(new NpgsqlParameter { Value = record.ProductId });
        command.Parameters.Add(new NpgsqlParameter { Value = record.AuthorId });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Status.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)record.Stars });
        command.Parameters.Add(new NpgsqlParameter { Value = record.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = record.UpdatedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.PublishedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = ReviewRecordJson.Serialize(record), NpgsqlDbType = NpgsqlDbType.Jsonb });
        if (record.Version != 0)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = record.Version });
        }
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new ReviewRecordConflictException(record.ReviewId, record.Version);
        }
        record.Version++;
    }

    public async IAsyncEnumerable<Guid> ReviewIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT review_id FROM review_records");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetGuid(0);
        }
    }
}
