using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.Storage;

/// <summary>
/// Where reviews live: the original design keeps them in MongoDB; this deployment runs them on PostgreSQL. Every
/// implementation passes the same contract tests. Lists are paged (page from 1) and count their total.
/// </summary>
public interface IReviewStore
{
    Task<ReviewRecord?> Find(Guid reviewId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the record if nobody saved it since it was read at <see cref="ReviewRecord.Version"/> (0: it must not
    /// exist yet), then bumps the version; otherwise throws <see cref="ReviewRecordConflictException"/>.
    /// </summary>
    Task Save(ReviewRecord record, CancellationToken cancellationToken = default);

    /// <summary>A product's published reviews: newest published first, or by stars (then newest).</summary>
    Task<RecordPage> FindPublished(Guid productId, ReviewSort sort, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>An author's reviews except removed ones, newest written first.</summary>
    Task<RecordPage> FindByAuthor(Guid authorId, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Reviews in one status, longest unchanged first (the operators' queue of held reviews).</summary>
    Task<RecordPage> FindByStatus(ReviewStatus status, int page, int pageSize, CancellationToken cancellationToken = default);
}

public sealed record RecordPage(IReadOnlyList<ReviewRecord> Items, int Total);

public sealed class ReviewRecordConflictException(Guid reviewId, long expectedVersion)
    : Exception($"Review {reviewId} was saved by somebody else since version {expectedVersion} was read.");
