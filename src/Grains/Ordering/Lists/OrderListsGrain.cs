using Marketplace.Common;
using Marketplace.Ordering;
using Orleans.Concurrency;

namespace Marketplace.Grains.Ordering.Lists;

/// <summary>Serves the order lists from their tables; any silo, as many activations as the load needs.</summary>
[StatelessWorker]
public sealed class OrderListsGrain(IOrderListStore store) : Grain, IOrderListsGrain
{
    public Task<PagedList<OrderSummary>> Shopper(Guid shopperId, int page, int pageSize, string? after = null) =>
        store.PageAsync(OrderList.Shopper, shopperId, page, pageSize, after, CancellationToken.None);

    public Task<PagedList<OrderSummary>> Seller(Guid sellerId, int page, int pageSize, string? after = null) =>
        store.PageAsync(OrderList.Seller, sellerId, page, pageSize, after, CancellationToken.None);
}
