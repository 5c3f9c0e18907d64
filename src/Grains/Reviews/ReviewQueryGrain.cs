using Marketplace.Common;
using Marketplace.Grains.Reviews.ProductReviews;
using Marketplace.Grains.Reviews.ReviewLists;
using Marketplace.Reviews;
using Orleans.Concurrency;

namespace Marketplace.Grains.Reviews;

/// <summary>
/// Reads the gateways' lists from their tables: a product's published reviews (<c>reviews_by_product</c>), an
/// author's reviews and the held queue (<c>review_lists</c>); as many activations as the load needs.
/// </summary>
[StatelessWorker]
public sealed class ReviewQueryGrain(IProductReviewStore productReviews, IReviewListStore lists) : Grain, IReviewQueries
{
    public Task<PagedList<PublishedReview>> ForProduct(Guid productId, ReviewSort sort, int page, int pageSize, string? after = null,
        CancellationToken cancellationToken = default) =>
        productReviews.PageAsync(productId, sort, page, pageSize, after, cancellationToken);

    public Task<PagedList<ReviewView>> ByAuthor(Guid authorId, int page, int pageSize, string? after = null, CancellationToken cancellationToken = default) =>
        lists.ByAuthorAsync(authorId, page, pageSize, after, cancellationToken);

    public Task<PagedList<ReviewView>> Held(int page, int pageSize, string? after = null, CancellationToken cancellationToken = default) =>
        lists.HeldAsync(page, pageSize, after, cancellationToken);
}
