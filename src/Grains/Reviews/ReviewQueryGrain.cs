using Marketplace.Common;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.Reviews;
using Orleans.Concurrency;

namespace Marketplace.Grains.Reviews;

/// <summary>Reads the reviews store for the gateways' lists; as many activations as the load needs.</summary>
[StatelessWorker]
public sealed class ReviewQueryGrain(IReviewStore store) : Grain, IReviewQueries
{
    public async Task<PagedList<PublishedReview>> ForProduct(Guid productId, ReviewSort sort, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        Paging.Validate(page, pageSize);
        var found = await store.FindPublished(productId, sort, page, pageSize, cancellationToken);
        return new PagedList<PublishedReview>(found.Items.Select(r => r.ToPublished()).ToList(), page, pageSize, found.Total);
    }

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
