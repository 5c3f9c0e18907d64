using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.ProductReviews;

/// <summary>The Memory profile's reviews by product: the same rows and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryProductReviewStore(IGrainFactory grains)
    : MemoryRowStore<ProductReviewRow>(grains, "reviews-by-product", r => r.ReviewId, r => r.Version), IProductReviewStore
{
    public async Task<PagedList<PublishedReview>> PageAsync(Guid productId, ReviewSort sort, int page, int pageSize, string? after,
        CancellationToken cancellationToken) =>
        KeysetCursor.PageInMemory<PublishedReview, ProductReviewPosition>(await Published(productId), page, pageSize, after,
            (rows, from) => ProductReviewPosition.Sort(rows, sort, from), ProductReviewPosition.Of);

    public async Task<int[]> CountByStarsAsync(Guid productId, CancellationToken cancellationToken)
    {
        var counts = new int[ReviewLimits.MaxStars];
        foreach (var review in await Published(productId))
        {
            counts[review.Stars - 1]++;
        }
        return counts;
    }

    public IAsyncEnumerable<Guid> ReviewIdsAsync(CancellationToken cancellationToken) => KeysAsync(cancellationToken);

    private async Task<List<PublishedReview>> Published(Guid productId) =>
        (await RowsAsync()).Where(r => r.ProductId == productId).Select(r => r.Review).OfType<PublishedReview>().ToList();
}
