using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.ReadModels;

namespace Marketplace.Grains.Reviews.ReviewLists;

/// <summary>
/// Compares the review lists' rows with the reviews store, where each review aggregate is saved; a row is repaired with
/// the review's own version, so a newer event still wins over the repair.
/// </summary>
public sealed class ReviewListReconciler(IReviewStore reviews, IReviewListStore store) : ReadModelReconciler
{
    public override string ReadModel => ReadModelNames.ReviewLists;

    protected override IAsyncEnumerable<Guid> AggregateIdsAsync(CancellationToken cancellationToken) =>
        reviews.ReviewIdsAsync(cancellationToken).Concat(store.ReviewIdsAsync(cancellationToken));

    protected override async Task<Drift> ReconcileAsync(Guid reviewId, bool repair, CancellationToken cancellationToken)
    {
        var expected = (await reviews.Find(reviewId, cancellationToken))?.ToView();
        var stored = await store.FindAsync(reviewId, cancellationToken);
        var drift = (expected, stored) switch
        {
            (null, null) => Drift.None,
            (null, _) => Drift.Extra,
            (_, null) => Drift.Missing,
            _ => expected == stored ? Drift.None : Drift.Stale,
        };
        if (repair && drift == Drift.Extra)
        {
            await store.RemoveAsync(reviewId, cancellationToken);
        }
        else if (repair && drift != Drift.None)
        {
            await store.ApplyAsync(expected!, replaceSameVersion: true, cancellationToken);
        }
        return drift;
    }

    protected override Task ClearAsync(CancellationToken cancellationToken) => store.ClearAsync(cancellationToken);
}
