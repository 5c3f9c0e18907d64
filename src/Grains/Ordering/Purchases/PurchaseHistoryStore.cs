using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering.Purchases;

/// <summary>
/// The purchase rows of one sub-order: one per product, all at the sub-order's version (the length of its status
/// history), owned by the order's shopper. A sub-order's products never change, only their status, so the rows of one
/// sub-order are written together.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SubOrderPurchases(
    [property: Id(0)] Guid SellerOrderId,
    [property: Id(1)] Guid ShopperId,
    [property: Id(2)] long Version,
    [property: Id(3)] List<ProductPurchase> Purchases);

/// <summary>
/// The purchase history table (migration 0811, <c>ordering_purchases</c>). Rows are written only from a newer
/// version than the stored one, so redelivered and reordered events change nothing; a repair may also rewrite a
/// sub-order's rows at the same version.
/// </summary>
public interface IPurchaseHistoryStore
{
    Task<bool> ApplyAsync(SubOrderPurchases rows, bool replaceSameVersion, CancellationToken cancellationToken);

    Task<SubOrderPurchases?> FindAsync(Guid sellerOrderId, CancellationToken cancellationToken);

    Task RemoveAsync(Guid sellerOrderId, CancellationToken cancellationToken);

    /// <summary>The shopper's standing purchase of the product: received before bought, then the newest.</summary>
    Task<ProductPurchase?> FindPurchaseAsync(Guid shopperId, Guid productId, CancellationToken cancellationToken);

    /// <summary>The shopper's standing purchases, newest first (paid time, then order and product).</summary>
    Task<PagedList<ProductPurchase>> PageAsync(Guid shopperId, int page, int pageSize, string? after, CancellationToken cancellationToken);

    /// <summary>Every sub-order with rows (for the consistency check).</summary>
    IAsyncEnumerable<Guid> SellerOrderIdsAsync(CancellationToken cancellationToken);

    Task ClearAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The shoppers whose kept total differs from their standing rows (rewritten from the rows when <paramref name="repair"/>);
    /// none in a store that counts the rows at each read.
    /// </summary>
    Task<List<TotalDrift>> CheckTotalsAsync(bool repair, CancellationToken cancellationToken) => Task.FromResult(new List<TotalDrift>());
}

/// <summary>Where a keyset page of a purchase history resumes: the last row's paid time, order and product (one row per product per order).</summary>
public sealed record PurchasePosition(long PaidAt, Guid OrderId, Guid ProductId)
{
    public static PurchasePosition Of(ProductPurchase purchase) => new(purchase.PaidAt.UtcTicks, purchase.OrderId, purchase.ProductId);
}
