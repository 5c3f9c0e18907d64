using Marketplace.Common;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.ReviewLists;

/// <summary>
/// The table of each review as its author's list and the operators' held queue show it, <c>review_lists</c>
/// (migration 0803): one row per review, the review's view at its version. A row is written only from a newer version
/// than the stored one (or the same, by a repair), so redelivered and reordered events change nothing.
/// </summary>
public interface IReviewListStore
{
    Task<bool> ApplyAsync(ReviewView review, bool replaceSameVersion, CancellationToken cancellationToken);

    Task<ReviewView?> FindAsync(Guid reviewId, CancellationToken cancellationToken);

    Task RemoveAsync(Guid reviewId, CancellationToken cancellationToken);

    /// <summary>The author's reviews but removed ones, newest written first (keyset: <see cref="AuthorReviewPosition"/>).</summary>
    Task<PagedList<ReviewView>> ByAuthorAsync(Guid authorId, int page, int pageSize, string? after, CancellationToken cancellationToken);

    /// <summary>Held reviews, longest unchanged first (keyset: <see cref="HeldReviewPosition"/>).</summary>
    Task<PagedList<ReviewView>> HeldAsync(int page, int pageSize, string? after, CancellationToken cancellationToken);

    IAsyncEnumerable<Guid> ReviewIdsAsync(CancellationToken cancellationToken);

    Task ClearAsync(CancellationToken cancellationToken);
}

/// <summary>Where a keyset page of an author's reviews resumes: the last review's creation (UTC ticks) and id, descending.</summary>
public sealed record AuthorReviewPosition(long CreatedAt, Guid ReviewId)
{
    public static AuthorReviewPosition Of(ReviewView review) => new(review.CreatedAt.UtcTicks, review.ReviewId);

    public bool Precedes(ReviewView review) =>
        review.CreatedAt.UtcTicks < CreatedAt || (review.CreatedAt.UtcTicks == CreatedAt && review.ReviewId.CompareTo(ReviewId) < 0);
}

/// <summary>Where a keyset page of the held queue resumes: the last review's last change (UTC ticks) and id, ascending.</summary>
public sealed record HeldReviewPosition(long UpdatedAt, Guid ReviewId)
{
    public static HeldReviewPosition Of(ReviewView review) => new(review.UpdatedAt.UtcTicks, review.ReviewId);

    public bool Precedes(ReviewView review) =>
        review.UpdatedAt.UtcTicks > UpdatedAt || (review.UpdatedAt.UtcTicks == UpdatedAt && review.ReviewId.CompareTo(ReviewId) > 0);
}
