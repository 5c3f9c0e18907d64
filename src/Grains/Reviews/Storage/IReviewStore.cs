using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.Storage;

/// <summary>
/// Where reviews live: the original design keeps them in MongoDB; this deployment runs them on PostgreSQL. Every
/// implementation passes the same contract tests. A product's published reviews are a read model of their own
/// (<c>reviews_by_product</c>, fed from the events); the author's list and the held queue are read here. Lists are paged (page from 1) and count their total.
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

    /// <summary>An author's reviews except removed ones, newest written first.</summary>
    Task<RecordPage> FindByAuthor(Guid authorId, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Reviews in one status, longest unchanged first (the operators' queue of held reviews).</summary>
    Task<RecordPage> FindByStatus(ReviewStatus status, int page, int pageSize, CancellationToken cancellationToken = default);
}

public sealed record RecordPage(IReadOnlyList<ReviewRecord> Items, int Total);

public sealed class ReviewRecordConflictException(Guid reviewId, long expectedVersion)
    : Exception($"Review {reviewId} was saved by somebody else since version {expectedVersion} was read.");
