using System.Data.Common;
using Marketplace.Common;
using Marketplace.ReadModels;
using Orleans.Serialization;

namespace Marketplace.Grains.ReadModels;

/// <summary>Dead letters in the <c>projection_dead_letters</c> table (migration 0800); the envelope in Orleans' binary form.</summary>
public sealed class SqlDeadLetterStore(ReadModelDatabase database, Serializer serializer) : IDeadLetterStore
{
    private const string Columns = "id, projection, aggregate_id, event_id, event_type, attempts, error, first_failed_at, last_failed_at";

    public Task ParkAsync(string projection, EventEnvelope envelope, int attempts, string error, DateTimeOffset failedAt, CancellationToken cancellationToken) =>
        database.ExecuteAsync("""
            INSERT INTO projection_dead_letters (id, projection, aggregate_id, event_id, event_type, attempts, error, first_failed_at, last_failed_at, envelope)
            VALUES (@id, @projection, @aggregate, @eventId, @type, @attempts, @error, @at, @at, @envelope)
            ON CONFLICT (id) DO UPDATE SET attempts = projection_dead_letters.attempts + EXCLUDED.attempts,
                error = EXCLUDED.error, last_failed_at = EXCLUDED.last_failed_at
            """, cancellationToken,
            ("id", DeadLetterIds.For(projection, envelope.EventId)), ("projection", projection), ("aggregate", envelope.AggregateId),
            ("eventId", envelope.EventId), ("type", envelope.Type), ("attempts", attempts), ("error", error), ("at", failedAt),
            ("envelope", serializer.SerializeToArray(envelope)));

    public async Task<PagedList<DeadLetterView>> ListAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<DeadLetterPosition>(after);
        var keyset = from is null ? "" : "WHERE first_failed_at > @at OR (first_failed_at = @at AND id > @afterId) ";
        var rows = await database.QueryAsync($"SELECT {Columns} FROM projection_dead_letters {keyset}ORDER BY first_failed_at, id LIMIT @limit OFFSET @offset",
            ReadView, cancellationToken, ("at", from?.FirstFailedAt ?? 0), ("afterId", from?.Id ?? Guid.Empty), ("limit", pageSize + 1),
            ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        return KeysetCursor.Page(rows, page, pageSize, await CountAsync(cancellationToken), DeadLetterPosition.Of);
    }

    public async Task<DeadLetter?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await database.QueryAsync($"SELECT {Columns}, envelope FROM projection_dead_letters WHERE id = @id",
            reader => new DeadLetter(ReadView(reader), serializer.Deserialize<EventEnvelope>((byte[])reader.GetValue(9))!), cancellationToken, ("id", id)))
        .SingleOrDefault();

    public Task RemoveAsync(Guid id, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM projection_dead_letters WHERE id = @id", cancellationToken, ("id", id));

    public async Task<int> CountAsync(CancellationToken cancellationToken) =>
        (await database.QueryAsync("SELECT count(*) FROM projection_dead_letters", reader => Convert.ToInt32(reader.GetValue(0)), cancellationToken)).Single();

    private static DeadLetterView ReadView(DbDataReader reader) => new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
        reader.GetGuid(3), reader.GetString(4), Convert.ToInt32(reader.GetValue(5)), reader.GetString(6),
        new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero), new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero));
}
