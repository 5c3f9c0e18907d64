using Marketplace.Common;
using Marketplace.Reviews;
using Marketplace.Reviews.Events;

namespace Marketplace.Grains.Reviews.ProductReviews;

/// <summary>
/// What a product's review list holds of one review: the review while it is published, none otherwise (submitted
/// again, rejected, removed), and the review's version (the events' revision) it was written from. A review that left
/// the list keeps its row without a review, so a late event of an older version cannot bring it back.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductReviewRow(
    [property: Id(0)] Guid ReviewId,
    [property: Id(1)] Guid ProductId,
    [property: Id(2)] PublishedReview? Review,
    [property: Id(3)] long Version)
{
    /// <summary>The row an event of the reviews stream leads to; null for events about something else (a product's rating).</summary>
    public static ProductReviewRow? Of(IDomainEvent happened) => happened switch
    {
        ReviewPublished p => new(p.ReviewId, p.ProductId, new PublishedReview(p.ReviewId, p.ProductId, p.Stars, p.Text, p.Pros, p.Cons, p.PublishedAt), p.Revision),
        // An edit is invisible until moderation publishes it again.
        ReviewSubmitted s => new(s.ReviewId, s.ProductId, null, s.Revision),
        ReviewRejected r => new(r.ReviewId, r.ProductId, null, r.Revision),
        ReviewRemoved r => new(r.ReviewId, r.ProductId, null, r.Revision),
        _ => null,
    };
}

/// <summary>Where a keyset page of a product's reviews resumes: the last review's stars, publication (UTC ticks) and id.</summary>
public sealed record ProductReviewPosition(int Stars, long PublishedAt, Guid ReviewId)
{
    public static ProductReviewPosition Of(PublishedReview review) => new(review.Stars, review.PublishedAt.UtcTicks, review.ReviewId);

    /// <summary>The SQL ORDER BY of the sort and the keyset condition "after @stars/@publishedAt/@id" (columns stars, published_at, review_id).</summary>
    public static (string OrderBy, string After) Sql(ReviewSort sort)
    {
        const string newest = "(published_at < @publishedAt OR (published_at = @publishedAt AND review_id < @id))";
        return sort switch
        {
            ReviewSort.Highest => ("stars DESC, published_at DESC, review_id DESC", $"(stars < @stars OR (stars = @stars AND {newest}))"),
            ReviewSort.Lowest => ("stars ASC, published_at DESC, review_id DESC", $"(stars > @stars OR (stars = @stars AND {newest}))"),
            _ => ("published_at DESC, review_id DESC", newest),
        };
    }

    /// <summary>The same order in memory (the Memory profile's store).</summary>
    public static IEnumerable<PublishedReview> Sort(IEnumerable<PublishedReview> reviews, ReviewSort sort, ProductReviewPosition? after)
    {
        var comparer = Comparer<PublishedReview>.Create((a, b) =>
        {
            var byStars = sort switch
            {
                ReviewSort.Highest => b.Stars.CompareTo(a.Stars),
                ReviewSort.Lowest => a.Stars.CompareTo(b.Stars),
                _ => 0,
            };
            var byTime = byStars != 0 ? byStars : b.PublishedAt.UtcTicks.CompareTo(a.PublishedAt.UtcTicks);
            return byTime != 0 ? byTime : b.ReviewId.CompareTo(a.ReviewId);
        });
        var anchor = after is null ? null : new PublishedReview(after.ReviewId, Guid.Empty, after.Stars, "", null, null, new DateTimeOffset(after.PublishedAt, TimeSpan.Zero));
        return reviews.Order(comparer).Where(r => anchor is null || comparer.Compare(r, anchor) > 0);
    }
}

/// <summary>
/// The table of each product's published reviews, <c>reviews_by_product</c> (migration 0802): a row is written only
/// from a newer version than the stored one (or the same, by a repair), so redelivered and reordered events change nothing.
/// </summary>
public interface IProductReviewStore
{
    Task<bool> ApplyAsync(ProductReviewRow row, bool replaceSameVersion, CancellationToken cancellationToken);

    Task<ProductReviewRow?> FindAsync(Guid reviewId, CancellationToken cancellationToken);

    Task RemoveAsync(Guid reviewId, CancellationToken cancellationToken);

    Task<PagedList<PublishedReview>> PageAsync(Guid productId, ReviewSort sort, int page, int pageSize, string? after, CancellationToken cancellationToken);

    /// <summary>How many of the product's listed reviews give 1, 2, 3, 4 and 5 stars (index 0 to 4): what its rating is counted from.</summary>
    Task<int[]> CountByStarsAsync(Guid productId, CancellationToken cancellationToken);

    IAsyncEnumerable<Guid> ReviewIdsAsync(CancellationToken cancellationToken);

    Task ClearAsync(CancellationToken cancellationToken);
}
