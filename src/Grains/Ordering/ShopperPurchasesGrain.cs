using Marketplace.Common;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering;

/// <summary>One shopper's purchases, one entry per product per order; every record call is idempotent.</summary>
public sealed class ShopperPurchasesGrain(
    [PersistentState("shopper-purchases", StorageNames.Orders)] IPersistentState<ShopperPurchasesGrain.PurchasesState> state)
    : Grain, IShopperPurchasesGrain
{
    private List<ProductPurchase> Purchases => state.State.Purchases;

    public async Task RecordPaid(Guid orderId, IReadOnlyList<OrderLine> lines, DateTimeOffset paidAt)
    {
        if (Purchases.Any(p => p.OrderId == orderId))
        {
            return;
        }
        Purchases.AddRange(lines.GroupBy(l => l.ProductId).Select(product => new ProductPurchase(
            product.Key, orderId, product.First().SellerId, product.First().Title, product.Sum(l => l.Quantity), PurchaseStatus.Bought, paidAt, null)));
        await state.WriteStateAsync();
    }

    public Task RecordReceived(Guid orderId, IReadOnlyList<Guid> productIds, DateTimeOffset receivedAt) =>
        Move(orderId, productIds, p => p.Status == PurchaseStatus.Bought ? p with { Status = PurchaseStatus.Received, ReceivedAt = receivedAt } : p);

    public Task RecordWithdrawn(Guid orderId, IReadOnlyList<Guid> productIds) =>
        Move(orderId, productIds, p => p.Status == PurchaseStatus.Bought ? p with { Status = PurchaseStatus.Withdrawn } : p);

    public Task<ProductPurchase?> Find(Guid productId) => Task.FromResult(
        Purchases.Where(p => p.ProductId == productId && p.Status != PurchaseStatus.Withdrawn)
            .OrderByDescending(p => p.Status == PurchaseStatus.Received)
            .ThenByDescending(p => p.PaidAt)
            .FirstOrDefault());

    public Task<PagedList<ProductPurchase>> List(int page, int pageSize) => Task.FromResult(
        Purchases.Where(p => p.Status != PurchaseStatus.Withdrawn).OrderByDescending(p => p.PaidAt).ThenBy(p => p.ProductId).ToPage(page, pageSize));

    private async Task Move(Guid orderId, IReadOnlyList<Guid> productIds, Func<ProductPurchase, ProductPurchase> move)
    {
        var changed = false;
        for (var i = 0; i < Purchases.Count; i++)
        {
            var purchase = Purchases[i];
            if (purchase.OrderId == orderId && productIds.Contains(purchase.ProductId) && move(purchase) is var moved && moved != purchase)
            {
                Purchases[i] = moved;
                changed = true;
            }
        }
        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    [GenerateSerializer]
    public sealed class PurchasesState
    {
        [Id(0)] public List<ProductPurchase> Purchases { get; set; } = [];
    }
}
