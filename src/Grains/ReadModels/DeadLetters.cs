using System.Collections.Concurrent;
using Marketplace.Common;
using Marketplace.ReadModels;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// Where deliveries wait that a projection could not apply within its retry budget. One entry per projection and
/// event: parking the same event again (a failed replay) counts the attempts and keeps the latest error.
/// </summary>
public interface IDeadLetterStore
{
    Task ParkAsync(string projection, EventEnvelope envelope, int attempts, string error, DateTimeOffset failedAt, CancellationToken cancellationToken);

    /// <summary>Oldest first (first failure, then id); <paramref name="after"/> a page's next resumes after its last entry.</summary>
    Task<PagedList<DeadLetterView>> ListAsync(int page, int pageSize, string? after, CancellationToken cancellationToken);

    Task<DeadLetter?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task RemoveAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>How many dead letters wait (what an alert watches).</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}

public sealed record DeadLetter(DeadLetterView View, EventEnvelope Envelope);

/// <summary>Where a keyset page of dead letters resumes: the last entry's first failure (UTC ticks) and id.</summary>
public sealed record DeadLetterPosition(long FirstFailedAt, Guid Id)
{
    public static DeadLetterPosition Of(DeadLetterView view) => new(view.FirstFailedAt.UtcTicks, view.Id);
}

public static class DeadLetterIds
{
    private static readonly Guid Scope = new("0b7c2c55-4a8e-4f7e-9d0e-7f0b5f6a3d21");

    public static Guid For(string projection, Guid eventId) => DeterministicGuid.Create(Scope, $"{projection}/{eventId:N}");
}

/// <summary>The Memory profile's dead letters, gone with the silo like everything else there.</summary>
public sealed class InMemoryDeadLetterStore : IDeadLetterStore
{
    private readonly ConcurrentDictionary<Guid, DeadLetter> _letters = new();

    public Task ParkAsync(string projection, EventEnvelope envelope, int attempts, string error, DateTimeOffset failedAt, CancellationToken cancellationToken)
    {
        var id = DeadLetterIds.For(projection, envelope.EventId);
        _letters.AddOrUpdate(id,
            _ => new DeadLetter(new DeadLetterView(id, projection, envelope.AggregateId, envelope.EventId, envelope.Type, attempts, error, failedAt, failedAt), envelope),
            (_, known) => known with { View = known.View with { Attempts = known.View.Attempts + attempts, Error = error, LastFailedAt = failedAt } });
        return Task.CompletedTask;
    }

    public Task<PagedList<DeadLetterView>> ListAsync(int page, int pageSize, string? after, CancellationToken cancellationToken) =>
        Task.FromResult(KeysetCursor.PageInMemory(_letters.Values.Select(l => l.View).ToList(), page, pageSize, after,
            (views, from) => views.OrderBy(v => v.FirstFailedAt.UtcTicks).ThenBy(v => v.Id).Where(v => from is null
                || v.FirstFailedAt.UtcTicks > from.FirstFailedAt || (v.FirstFailedAt.UtcTicks == from.FirstFailedAt && v.Id.CompareTo(from.Id) > 0)),
            DeadLetterPosition.Of));

    public Task<DeadLetter?> FindAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(_letters.GetValueOrDefault(id));

    public Task RemoveAsync(Guid id, CancellationToken cancellationToken)
    {
        _letters.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public Task<int> CountAsync(CancellationToken cancellationToken) => Task.FromResult(_letters.Count);
}
