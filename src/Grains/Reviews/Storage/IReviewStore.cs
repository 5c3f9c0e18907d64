using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.Storage;

/// <summary>
/// Where reviews live: the original design keeps them in MongoDB; this deployment runs them on PostgreSQL. Every
/// implementation passes the same contract tests. Its lists (a product's published reviews, an author's, the held
/// queue) are read models of their own (<c>reviews_by_product</c>, <c>review_lists</c>), fed from the events.
/// </summary>
public interface IReviewStore
{
    Task<ReviewRecord?> Find(Guid reviewId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the record if nobody saved it since it was read at <see cref="ReviewRecord.Version"/> (0: it must not
    /// exist yet), then bumps the version; otherwise throws <see cref="ReviewRecordConflictException"/>.
    /// </summary>
    Task Save(ReviewRecord record, CancellationToken cancellationToken = default);

    /// <summary>Every stored review's id, in no particular order (what a check of the review lists walks).</summary>
    IAsyncEnumerable<Guid> ReviewIdsAsync(CancellationToken cancellationToken = default);
}

public sealed class ReviewRecordConflictException(Guid reviewId, long expectedVersion)
    : Exception($"Review {reviewId} was saved by somebody else since version {expectedVersion} was read.");
