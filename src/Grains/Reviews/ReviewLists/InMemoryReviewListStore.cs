using System.Runtime.CompilerServices;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.ReviewLists;

/// <summary>The Memory profile's review lists: the same rows and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryReviewListStore(IGrainFactory grains) : IReviewListStore
{
    private IMemoryTableGrain<ReviewView> Table => grains.GetGrain<IMemoryTableGrain<ReviewView>>("review-lists");

    public Task<bool> ApplyAsync(ReviewView review, bool replaceSameVersion, CancellationToken cancellationToken) =>
        Table.Upsert(review.ReviewId, review.Version, review, replaceSameVersion);

    public async Task<ReviewView?> FindAsync(Guid reviewId, CancellationToken cancellationToken) => (await Table.Find(reviewId))?.Row;

    public Task RemoveAsync(Guid reviewId, CancellationToken cancellationToken) => Table.Remove(reviewId);

    public async Task<PagedList<ReviewView>> ByAuthorAsync(Guid authorId, int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<AuthorReviewPosition>(after);
        var listed = (await Table.Rows()).Where(r => r.AuthorId == authorId && r.Status != ReviewStatus.Removed).ToList();
        var ordered = listed.OrderByDescending(r => r.CreatedAt.UtcTicks).ThenByDescending(r => r.ReviewId).Where(r => from is null || from.Precedes(r));
        return KeysetCursor.Page(KeysetCursor.Window(ordered, from is not null, page, pageSize), page, pageSize, listed.Count, AuthorReviewPosition.Of);
    }

    public async Task<PagedList<ReviewView>> HeldAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<HeldReviewPosition>(after);
        var held = (await Table.Rows()).Where(r => r.Status == ReviewStatus.Held).ToList();
        var ordered = held.OrderBy(r => r.UpdatedAt.UtcTicks).ThenBy(r => r.ReviewId).Where(r => from is null || from.Precedes(r));
        return KeysetCursor.Page(KeysetCursor.Window(ordered, from is not null, page, pageSize), page, pageSize, held.Count, HeldReviewPosition.Of);
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
