using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.ReviewLists;

/// <summary>The Memory profile's review lists: the same rows and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryReviewListStore(IGrainFactory grains)
    : MemoryRowStore<ReviewView>(grains, "review-lists", r => r.ReviewId, r => r.Version), IReviewListStore
{
    public async Task<PagedList<ReviewView>> ByAuthorAsync(Guid authorId, int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var listed = (await RowsAsync()).Where(r => r.AuthorId == authorId && r.Status != ReviewStatus.Removed).ToList();
        return KeysetCursor.PageInMemory<ReviewView, AuthorReviewPosition>(listed, page, pageSize, after, (rows, from) => rows
            .OrderByDescending(r => r.CreatedAt.UtcTicks).ThenByDescending(r => r.ReviewId).Where(r => from is null || from.Precedes(r)), AuthorReviewPosition.Of);
    }

    public async Task<PagedList<ReviewView>> HeldAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var held = (await RowsAsync()).Where(r => r.Status == ReviewStatus.Held).ToList();
        return KeysetCursor.PageInMemory<ReviewView, HeldReviewPosition>(held, page, pageSize, after, (rows, from) => rows
            .OrderBy(r => r.UpdatedAt.UtcTicks).ThenBy(r => r.ReviewId).Where(r => from is null || from.Precedes(r)), HeldReviewPosition.Of);
    }

    public IAsyncEnumerable<Guid> ReviewIdsAsync(CancellationToken cancellationToken) => KeysAsync(cancellationToken);
}
