using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.ReadModels;

namespace Marketplace.Grains.Ordering.Lists;

/// <summary>
/// Compares one order list with its aggregates. A row is repaired with the aggregate's own version, so a newer event
/// still wins over the repair, and a row that drifted at the same version is rewritten.
/// </summary>
public abstract class OrderListReconciler(OrderList list, string grainType, string stateName, IOrderListStore store, StoredAggregates aggregates)
    : ReadModelReconciler
{
    /// <summary>The aggregate's row; NotFoundException when it does not exist.</summary>
    protected abstract Task<OrderListRow> ReadAggregateAsync(Guid id);

    protected override IAsyncEnumerable<Guid> AggregateIdsAsync(CancellationToken cancellationToken) =>
        aggregates.GuidKeysAsync(StorageNames.Orders, grainType, stateName, cancellationToken).Concat(store.IdsAsync(list, cancellationToken));

    protected override async Task<Drift> ReconcileAsync(Guid id, bool repair, CancellationToken cancellationToken)
    {
        OrderListRow? expected;
        try
        {
            expected = await ReadAggregateAsync(id);
        }
        catch (NotFoundException)
        {
            expected = null;
        }
        var stored = await store.FindAsync(list, id, cancellationToken);
        var drift = (expected, stored) switch
        {
            (null, null) => Drift.None,
            (null, _) => Drift.Extra,
            (_, null) => Drift.Missing,
            _ => expected == stored ? Drift.None : Drift.Stale,
        };
        if (repair && drift == Drift.Extra)
        {
            await store.RemoveAsync(list, id, cancellationToken);
        }
        else if (repair && drift != Drift.None)
        {
            await store.ApplyAsync(list, expected!, replaceSameVersion: true, cancellationToken);
        }
        return drift;
    }

    protected override Task ClearAsync(CancellationToken cancellationToken) => store.ClearAsync(list, cancellationToken);
}

public sealed class ShopperOrderListReconciler(IGrainFactory grains, IOrderListStore store, StoredAggregates aggregates)
    : OrderListReconciler(OrderList.Shopper, "order", "order", store, aggregates)
{
    public override string ReadModel => ReadModelNames.ShopperOrders;

    protected override async Task<OrderListRow> ReadAggregateAsync(Guid id) => OrderListRows.Of(await grains.GetGrain<IOrderGrain>(id).Get());
}

public sealed class SellerOrderListReconciler(IGrainFactory grains, IOrderListStore store, StoredAggregates aggregates)
    : OrderListReconciler(OrderList.Seller, "sellerorder", "seller-order", store, aggregates)
{
    public override string ReadModel => ReadModelNames.SellerOrders;

    protected override async Task<OrderListRow> ReadAggregateAsync(Guid id) => OrderListRows.Of(await grains.GetGrain<ISellerOrderGrain>(id).Get());
}
