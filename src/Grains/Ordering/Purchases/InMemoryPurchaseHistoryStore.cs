using System.Runtime.CompilerServices;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering.Purchases;

/// <summary>The Memory profile's purchase history: the same rows and version rule as the table, in one memory table grain (a row per sub-order).</summary>
public sealed class InMemoryPurchaseHistoryStore(IGrainFactory grains) : IPurchaseHistoryStore
{
    private IMemoryTableGrain<SubOrderPurchases> Table => grains.GetGrain<IMemoryTableGrain<SubOrderPurchases>>("purchases");

    public Task<bool> ApplyAsync(SubOrderPurchases rows, bool replaceSameVersion, CancellationToken cancellationToken) =>
        Table.Upsert(rows.SellerOrderId, rows.Version, rows, replaceSameVersion);

    public async Task<SubOrderPurchases?> FindAsync(Guid sellerOrderId, CancellationToken cancellationToken) => (await Table.Find(sellerOrderId))?.Row;

    public Task RemoveAsync(Guid sellerOrderId, CancellationToken cancellationToken) => Table.Remove(sellerOrderId);

    public async Task<ProductPurchase?> FindPurchaseAsync(Guid shopperId, Guid productId, CancellationToken cancellationToken) =>
        (await Standing(shopperId)).Where(p => p.ProductId == productId)
            .OrderByDescending(p => p.Status == PurchaseStatus.Received).ThenByDescending(p => p.PaidAt.UtcTicks).FirstOrDefault();

    public async Task<PagedList<ProductPurchase>> PageAsync(Guid shopperId, int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<PurchasePosition>(after);
        var standing = await Standing(shopperId);
        var ordered = standing.OrderByDescending(p => p.PaidAt.UtcTicks).ThenByDescending(p => p.OrderId).ThenByDescending(p => p.ProductId)
            .Where(p => from is null || Before(PurchasePosition.Of(p), from));
        var skip = from is null ? (long)(page - 1) * pageSize : 0;
        var items = ordered.Skip((int)Math.Min(skip, int.MaxValue)).Take(pageSize + 1).ToList();
        var next = items.Count > pageSize ? KeysetCursor.Encode(PurchasePosition.Of(items[pageSize - 1])) : null;
        return new PagedList<ProductPurchase>(items.Take(pageSize).ToList(), page, pageSize, standing.Count, next);
    }

    public async IAsyncEnumerable<Guid> SellerOrderIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var rows in await Table.Rows())
        {
            yield return rows.SellerOrderId;
        }
    }

    public Task ClearAsync(CancellationToken cancellationToken) => Table.Clear();

    private async Task<List<ProductPurchase>> Standing(Guid shopperId) => (await Table.Rows())
        .Where(r => r.ShopperId == shopperId).SelectMany(r => r.Purchases).Where(p => p.Status != PurchaseStatus.Withdrawn).ToList();

    private static bool Before(PurchasePosition row, PurchasePosition from) =>
        row.PaidAt < from.PaidAt || (row.PaidAt == from.PaidAt && (row.OrderId.CompareTo(from.OrderId) < 0
            || (row.OrderId == from.OrderId && row.ProductId.CompareTo(from.ProductId) < 0)));
}
