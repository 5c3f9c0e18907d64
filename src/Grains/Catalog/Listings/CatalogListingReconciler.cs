using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.ReadModels;

namespace Marketplace.Grains.Catalog.Listings;

/// <summary>
/// Compares the catalog's tables with the product grains. A repaired entry is stamped with the time just before the
/// product was read: catalog event sequences are at least their publishing time in UTC ticks (ProductGrain), so every
/// event published after the read wins over the repair and every event published before it loses.
/// </summary>
public sealed class CatalogListingReconciler(IGrainFactory grains, ICatalogListingStore store, StoredAggregates aggregates, TimeProvider clock)
    : ReadModelReconciler
{
    public override string ReadModel => ReadModelNames.Catalog;

    protected override IAsyncEnumerable<Guid> AggregateIdsAsync(CancellationToken cancellationToken) =>
        CatalogProductIds(aggregates, store, cancellationToken);

    /// <summary>Every product: the stored product grains, and whatever the tables list.</summary>
    public static IAsyncEnumerable<Guid> CatalogProductIds(StoredAggregates aggregates, ICatalogListingStore store, CancellationToken cancellationToken) =>
        aggregates.GuidKeysAsync(StorageNames.Products, "product", "product", cancellationToken).Concat(store.ProductIdsAsync(cancellationToken));

    protected override async Task<Drift> ReconcileAsync(Guid productId, bool repair, CancellationToken cancellationToken)
    {
        var stamp = clock.GetUtcNow().UtcTicks;
        var product = await grains.GetGrain<IProductGrain>(productId).Find();
        var stored = await store.FindAsync(productId, cancellationToken);
        if (product is null)
        {
            if (stored is null)
            {
                return Drift.None;
            }
            if (repair)
            {
                await store.RemoveAsync(productId, cancellationToken);
            }
            return Drift.Extra;
        }

        var expected = CatalogListingEntry.Of(product, stamp);
        if (stored is not null && stored.Lists(expected))
        {
            return Drift.None;
        }
        if (repair)
        {
            await store.ApplyAsync(expected, cancellationToken);
        }
        return stored is null ? Drift.Missing : Drift.Stale;
    }

    protected override Task ClearAsync(CancellationToken cancellationToken) => store.ClearAsync(cancellationToken);

    protected override Task<List<TotalDrift>> CheckTotalsAsync(bool repair, CancellationToken cancellationToken) => store.CheckTotalsAsync(repair, cancellationToken);
}
