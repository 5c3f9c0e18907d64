using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.ReadModels;

namespace Marketplace.Grains.Ordering.Lists;

/// <summary>Compares one order list with its aggregates (orders or sub-orders).</summary>
public abstract class OrderListReconciler(OrderList list, string grainType, string stateName, IOrderListStore store, StoredAggregates aggregates)
    : RowPerAggregateReconciler<OrderListRow>
{
    protected override IAsyncEnumerable<Guid> AggregateIdsAsync(CancellationToken cancellationToken) =>
        aggregates.GuidKeysAsync(StorageNames.Orders, grainType, stateName, cancellationToken).Concat(store.IdsAsync(list, cancellationToken));

    protected override Task<OrderListRow?> FindRowAsync(Guid id, CancellationToken cancellationToken) => store.FindAsync(list, id, cancellationToken);

    protected override Task RemoveRowAsync(Guid id, CancellationToken cancellationToken) => store.RemoveAsync(list, id, cancellationToken);

    protected override Task RepairRowAsync(OrderListRow row, CancellationToken cancellationToken) =>
        store.ApplyAsync(list, row, replaceSameVersion: true, cancellationToken);

    protected override Task ClearAsync(CancellationToken cancellationToken) => store.ClearAsync(list, cancellationToken);

    protected override Task<List<TotalDrift>> CheckTotalsAsync(bool repair, CancellationToken cancellationToken) =>
        store.CheckTotalsAsync(list, repair, cancellationToken);
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
