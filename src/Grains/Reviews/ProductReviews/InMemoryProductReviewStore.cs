using System.Runtime.CompilerServices;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.ProductReviews;

/// <summary>The Memory profile's review lists: the same rows and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryProductReviewStore(IGrainFactory grains) : IProductReviewStore
{
    private IMemoryTableGrain<ProductReviewRow> Table => grains.GetGrain<IMemoryTableGrain<ProductReviewRow>>("reviews-by-product");

    public Task<bool> ApplyAsync(ProductReviewRow row, bool replaceSameVersion, CancellationToken cancellationToken) =>
        Table.Upsert(row.ReviewId, row.Version, row, replaceSameVersion);

    public async Task<ProductReviewRow?> FindAsync(Guid reviewId, CancellationToken cancellationToken) => (await Table.Find(reviewId))?.Row;

    public Task RemoveAsync(Guid reviewId, CancellationToken cancellationToken) => Table.Remove(reviewId);

    public async Task<PagedList<PublishedReview>> PageAsync(Guid productId, ReviewSort sort, int page, int pageSize, string? after,
        CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<ProductReviewPosition>(after);
        var listed = (await Table.Rows()).Where(r => r.ProductId == productId).Select(r => r.Review).OfType<PublishedReview>().ToList();
        var rows = KeysetCursor.Window(ProductReviewPosition.Sort(listed, sort, from), from is not null, page, pageSize);
        return KeysetCursor.Page(rows, page, pageSize, listed.Count, ProductReviewPosition.Of);
    }

    public async Task<int[]> CountByStarsAsync(Guid productId, CancellationToken cancellationToken)
    {
        var counts = new int[ReviewLimits.MaxStars];
        foreach (var review in (await Table.Rows()).Where(r => r.ProductId == productId).Select(r => r.Review).OfType<PublishedReview>())
        {
            counts[review.Stars - 1]++;
        }
        return counts;
    }

    public async IAsyncEnumerable<Guid> ReviewIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in await Table.Rows())
        {
            yield return row.ReviewId;
        }
    }

    public Task ClearAsync(CancellationToken cancellationToken) => Table.Clear();
}
