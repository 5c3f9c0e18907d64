using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering.Purchases;

/// <summary>The Memory profile's purchase history: the same rows and version rule as the table, in one memory table grain (a row per sub-order).</summary>
public sealed class InMemoryPurchaseHistoryStore(IGrainFactory grains)
    : MemoryRowStore<SubOrderPurchases>(grains, "purchases", r => r.SellerOrderId, r => r.Version), IPurchaseHistoryStore
{
    public async Task<ProductPurchase?> FindPurchaseAsync(Guid shopperId, Guid productId, CancellationToken cancellationToken) =>
        (await Standing(shopperId)).Where(p => p.ProductId == productId)
            .OrderByDescending(p => p.Status == PurchaseStatus.Received).ThenByDescending(p => p.PaidAt.UtcTicks).FirstOrDefault();

    public async Task<PagedList<ProductPurchase>> PageAsync(Guid shopperId, int page, int pageSize, string? after, CancellationToken cancellationToken) =>
        KeysetCursor.PageInMemory<ProductPurchase, PurchasePosition>(await Standing(shopperId), page, pageSize, after, (rows, from) => rows
            .OrderByDescending(p => p.PaidAt.UtcTicks).ThenByDescending(p => p.OrderId).ThenByDescending(p => p.ProductId)
            .Where(p => from is null || Before(PurchasePosition.Of(p), from)), PurchasePosition.Of);

    public IAsyncEnumerable<Guid> SellerOrderIdsAsync(CancellationToken cancellationToken) => KeysAsync(cancellationToken);

    private async Task<List<ProductPurchase>> Standing(Guid shopperId) => (await RowsAsync())
        .Where(r => r.ShopperId == shopperId).SelectMany(r => r.Purchases).Where(p => p.Status != PurchaseStatus.Withdrawn).ToList();

    private static bool Before(PurchasePosition row, PurchasePosition from) =>
        row.PaidAt < from.PaidAt || (row.PaidAt == from.PaidAt && (row.OrderId.CompareTo(from.OrderId) < 0
            || (row.OrderId == from.OrderId && row.ProductId.CompareTo(from.ProductId) < 0)));
}
