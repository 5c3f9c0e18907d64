using Marketplace.Catalog;
using Marketplace.Grains.Catalog.Listings;
using Marketplace.Grains.ReadModels;
using Marketplace.ReadModels;

namespace Marketplace.Grains.Catalog.ModerationQueue;

/// <summary>
/// Compares the operators' queue with the product grains. A repaired row is stamped with the time just before the
/// product was read (catalog sequences are at least their publishing time in UTC ticks), so a later event still wins.
/// </summary>
public sealed class ModerationQueueReconciler(IGrainFactory grains, IModerationQueueStore store, ICatalogListingStore listings,
    StoredAggregates aggregates, TimeProvider clock) : ReadModelReconciler
{
    public override string ReadModel => ReadModelNames.ProductModeration;

    protected override IAsyncEnumerable<Guid> AggregateIdsAsync(CancellationToken cancellationToken) =>
        CatalogListingReconciler.CatalogProductIds(aggregates, listings, cancellationToken).Concat(store.ProductIdsAsync(cancellationToken));

    protected override async Task<Drift> ReconcileAsync(Guid productId, bool repair, CancellationToken cancellationToken)
    {
        var stamp = clock.GetUtcNow();
        var product = await grains.GetGrain<IProductGrain>(productId).Find();
        var stored = await store.FindAsync(productId, cancellationToken);
        var expected = product?.Moderation is { } moderation
            ? ModerationQueueRow.Of(productId, product.SellerId, product.Title, moderation, stamp.UtcTicks, product.UpdatedAt)
            : null;
        var drift = (expected?.Case, stored?.Case) switch
        {
            (null, null) => Drift.None,
            (null, _) => Drift.Extra,
            (_, null) => Drift.Missing,
            _ => expected!.Queues(stored!) ? Drift.None : Drift.Stale,
        };
        if (repair && product is null && stored is not null)
        {
            await store.RemoveAsync(productId, cancellationToken);
        }
        else if (repair && drift != Drift.None)
        {
            await store.ApplyAsync(expected ?? new ModerationQueueRow(productId, null, stamp.UtcTicks), replaceSameVersion: true, cancellationToken);
        }
        return drift;
    }

    protected override Task ClearAsync(CancellationToken cancellationToken) => store.ClearAsync(cancellationToken);
}
