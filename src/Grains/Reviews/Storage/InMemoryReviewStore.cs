using System.Runtime.CompilerServices;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.Storage;

/// <summary>
/// For the in-memory profile: the records live in one <see cref="IReviewMemoryGrain"/>, as Orleans' memory storage
/// keeps its state in grains, so every silo of the cluster reads the same reviews. Kept as JSON so callers never share
/// a live instance with the store; lists are filtered here, which is fine for a development profile.
/// </summary>
public sealed class InMemoryReviewStore(IGrainFactory grains) : IReviewStore
{
    private IReviewMemoryGrain Memory => grains.GetGrain<IReviewMemoryGrain>(0);

    public async Task<ReviewRecord?> Find(Guid reviewId, CancellationToken cancellationToken = default) =>
        await Memory.Find(reviewId) is { } stored ? ReviewRecordJson.Deserialize(stored.Json, stored.Version) : null;

    public async Task Save(ReviewRecord record, CancellationToken cancellationToken = default)
    {
        if (!await Memory.Save(record.ReviewId, record.Version, ReviewRecordJson.Serialize(record)))
        {
            throw new ReviewRecordConflictException(record.ReviewId, record.Version);
        }
        record.Version++;
    }

    public async IAsyncEnumerable<Guid> ReviewIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var record in await All())
        {
            yield return record.ReviewId;
        }
    }

    private async Task<IEnumerable<ReviewRecord>> All() => (await Memory.All()).Select(r => ReviewRecordJson.Deserialize(r.Json, r.Version));

}

/// <summary>The in-memory profile's reviews (key 0): each review's JSON and version.</summary>
public interface IReviewMemoryGrain : IGrainWithIntegerKey
{
    Task<StoredReview?> Find(Guid reviewId);

    /// <summary>Stores the review if its stored version is still <paramref name="readVersion"/> (0: absent); false otherwise.</summary>
    Task<bool> Save(Guid reviewId, long readVersion, string json);

    Task<IReadOnlyList<StoredReview>> All();
}

[GenerateSerializer, Immutable]
public sealed record StoredReview([property: Id(0)] long Version, [property: Id(1)] string Json);

/// <summary>Never collected when idle: its memory is the in-memory profile's whole reviews store.</summary>
[KeepAlive]
public sealed class ReviewMemoryGrain : Grain, IReviewMemoryGrain
{
    private readonly Dictionary<Guid, StoredReview> _reviews = [];

    public Task<StoredReview?> Find(Guid reviewId) => Task.FromResult(_reviews.GetValueOrDefault(reviewId));

    public Task<bool> Save(Guid reviewId, long readVersion, string json)
    {
        if ((_reviews.TryGetValue(reviewId, out var current) ? current.Version : 0) != readVersion)
        {
            return Task.FromResult(false);
        }
        _reviews[reviewId] = new StoredReview(readVersion + 1, json);
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<StoredReview>> All() => Task.FromResult<IReadOnlyList<StoredReview>>(_reviews.Values.ToList());
}
