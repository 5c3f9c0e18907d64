using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.ReadModels;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.ProductReviews;

/// <summary>
/// Compares the review lists with the reviews store, where each review aggregate is saved. A row is repaired with the
/// review's own version, so a newer event still wins over the repair, and a row that drifted at the same version is
/// rewritten; the product's rating is then counted again from its repaired list.
/// </summary>
public sealed class ProductReviewReconciler(IReviewStore reviews, IProductReviewStore store, IRatingRecounts ratings) : ReadModelReconciler
{
    public override string ReadModel => ReadModelNames.ProductReviews;

    protected override IAsyncEnumerable<Guid> AggregateIdsAsync(CancellationToken cancellationToken) =>
        reviews.ReviewIdsAsync(cancellationToken).Concat(store.ReviewIdsAsync(cancellationToken));

    protected override async Task<Drift> ReconcileAsync(Guid reviewId, bool repair, CancellationToken cancellationToken)
    {
        var record = await reviews.Find(reviewId, cancellationToken);
        var expected = record is null
            ? null
            : new ProductReviewRow(reviewId, record.ProductId, record.Status == ReviewStatus.Published ? record.ToPublished() : null, record.Version);
        var stored = await store.FindAsync(reviewId, cancellationToken);
        var drift = (expected?.Review, stored?.Review) switch
        {
            (null, null) => Drift.None,
            (null, _) => Drift.Extra,
            (_, null) => Drift.Missing,
            _ => expected!.Review == stored!.Review ? Drift.None : Drift.Stale,
        };
        if (repair && expected is null && stored is not null)
        {
            await store.RemoveAsync(reviewId, cancellationToken);
            await ratings.RecountAsync(stored.ProductId);
        }
        else if (repair && drift != Drift.None)
        {
            await store.ApplyAsync(expected!, replaceSameVersion: true, cancellationToken);
            await ratings.RecountAsync(expected!.ProductId);
        }
        return drift;
    }

    protected override Task ClearAsync(CancellationToken cancellationToken) => store.ClearAsync(cancellationToken);
}
