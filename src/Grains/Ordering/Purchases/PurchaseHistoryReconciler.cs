using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.ReadModels;

namespace Marketplace.Grains.Ordering.Purchases;

/// <summary>
/// Compares the purchase history with the sub-orders (and their orders) it is projected from. A sub-order's rows are
/// repaired at its own version, so a newer event still wins over the repair.
/// </summary>
public sealed class PurchaseHistoryReconciler(IGrainFactory grains, IPurchaseHistoryStore store, StoredAggregates aggregates) : ReadModelReconciler
{
    public override string ReadModel => ReadModelNames.PurchaseHistory;

    protected override IAsyncEnumerable<Guid> AggregateIdsAsync(CancellationToken cancellationToken) =>
        aggregates.GuidKeysAsync(StorageNames.Orders, "sellerorder", "seller-order", cancellationToken).Concat(store.SellerOrderIdsAsync(cancellationToken));

    protected override async Task<Drift> ReconcileAsync(Guid sellerOrderId, bool repair, CancellationToken cancellationToken)
    {
        SubOrderPurchases? expected;
        try
        {
            var sellerOrder = await grains.GetGrain<ISellerOrderGrain>(sellerOrderId).Get();
            expected = PurchaseRows.Of(await grains.GetGrain<IOrderGrain>(sellerOrder.OrderId).Get(), sellerOrder);
        }
        catch (NotFoundException)
        {
            expected = null;
        }
        var stored = await store.FindAsync(sellerOrderId, cancellationToken);
        var drift = (expected, stored) switch
        {
            (null, null) => Drift.None,
            (null, _) => Drift.Extra,
            (_, null) => Drift.Missing,
            _ => Same(expected, stored) ? Drift.None : Drift.Stale,
        };
        if (repair && drift == Drift.Extra)
        {
            await store.RemoveAsync(sellerOrderId, cancellationToken);
        }
        else if (repair && drift != Drift.None)
        {
            await store.ApplyAsync(expected!, replaceSameVersion: true, cancellationToken);
        }
        return drift;
    }

    protected override Task ClearAsync(CancellationToken cancellationToken) => store.ClearAsync(cancellationToken);

    protected override Task<List<TotalDrift>> CheckTotalsAsync(bool repair, CancellationToken cancellationToken) => store.CheckTotalsAsync(repair, cancellationToken);

    private static bool Same(SubOrderPurchases expected, SubOrderPurchases stored) =>
        expected.ShopperId == stored.ShopperId && expected.Version == stored.Version
        && expected.Purchases.OrderBy(p => p.ProductId).SequenceEqual(stored.Purchases.OrderBy(p => p.ProductId));
}
