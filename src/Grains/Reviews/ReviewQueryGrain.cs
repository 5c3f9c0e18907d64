using Marketplace.Common;
using Marketplace.Grains.Reviews.ProductReviews;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.Reviews;
using Orleans.Concurrency;

namespace Marketplace.Grains.Reviews;

/// <summary>
/// Reads the gateways' lists: a product's published reviews from their table (<c>reviews_by_product</c>), an author's
/// reviews and the held queue from the reviews store; as many activations as the load needs.
/// </summary>
[StatelessWorker]
public sealed class ReviewQueryGrain(IReviewStore store, IProductReviewStore productReviews) : Grain, IReviewQueries
{
    public Task<PagedList<PublishedReview>> ForProduct(Guid productId, ReviewSort sort, int page, int pageSize, string? after = null,
        CancellationToken cancellationToken = default) =>
        productReviews.PageAsync(productId, sort, page, pageSize, after, cancellationToken);

    public async Task<PagedList<ReviewView>> ByAuthor(Guid authorId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        Paging.Validate(page, pageSize);
        return Views(await store.FindByAuthor(authorId, page, pageSize, cancellationToken), page, pageSize);
    }

    public async Task<PagedList<ReviewView>> Held(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        Paging.Validate(page, pageSize);
        return Views(await store.FindByStatus(ReviewStatus.Held, page, pageSize, cancellationToken), page, pageSize);
    }

    private static PagedList<ReviewView> Views(RecordPage found, int page, int pageSize) =>
        new(found.Items.Select(r => r.ToView()).ToList(), page, pageSize, found.Total);
}
