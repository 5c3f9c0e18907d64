using Marketplace.Common;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.Reviews;
using Orleans.Concurrency;

namespace Marketplace.Grains.Reviews;

/// <summary>Reads the reviews store for the gateways' lists; as many activations as the load needs.</summary>
[StatelessWorker]
public sealed class ReviewQueryGrain(IReviewStore store) : Grain, IReviewQueries
{
    public async Task<ReviewPage<PublishedReview>> ForProduct(Guid productId, ReviewSort sort, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        ValidatePaging(page, pageSize);
        var found = await store.FindPublished(productId, sort, page, pageSize, cancellationToken);
        return new ReviewPage<PublishedReview>(found.Items.Select(r => r.ToPublished()).ToList(), page, pageSize, found.Total);
    }

    public async Task<ReviewPage<ReviewView>> ByAuthor(Guid authorId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ValidatePaging(page, pageSize);
        return Views(await store.FindByAuthor(authorId, page, pageSize, cancellationToken), page, pageSize);
    }

    public async Task<ReviewPage<ReviewView>> Held(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ValidatePaging(page, pageSize);
        return Views(await store.FindByStatus(ReviewStatus.Held, page, pageSize, cancellationToken), page, pageSize);
    }

    private static ReviewPage<ReviewView> Views(RecordPage found, int page, int pageSize) =>
        new(found.Items.Select(r => r.ToView()).ToList(), page, pageSize, found.Total);

    private static void ValidatePaging(int page, int pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["Pages count from 1."];
        }
        if (pageSize is < 1 or > ReviewLimits.MaxPageSize)
        {
            errors["pageSize"] = [$"The page size is 1 to {ReviewLimits.MaxPageSize}."];
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }
}
