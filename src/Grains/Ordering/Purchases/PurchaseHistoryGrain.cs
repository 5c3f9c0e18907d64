using Marketplace.Common;
using Marketplace.Ordering;
using Orleans.Concurrency;

namespace Marketplace.Grains.Ordering.Purchases;

/// <summary>Serves the purchase history from its table; any silo, as many activations as the load needs.</summary>
[StatelessWorker]
public sealed class PurchaseHistoryGrain(IPurchaseHistoryStore store) : Grain, IPurchaseHistoryGrain
{
    public Task<ProductPurchase?> Find(Guid shopperId, Guid productId) => store.FindPurchaseAsync(shopperId, productId, CancellationToken.None);

    public Task<PagedList<ProductPurchase>> List(Guid shopperId, int page, int pageSize, string? after = null) =>
        store.PageAsync(shopperId, page, pageSize, after, CancellationToken.None);
}
