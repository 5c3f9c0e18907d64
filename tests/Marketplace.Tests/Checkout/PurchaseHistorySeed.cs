using Marketplace.Grains.Ordering.Purchases;
using Marketplace.Ordering;

namespace Marketplace.Tests.Checkout;

/// <summary>
/// Puts a purchase straight into the purchase history table through its store, as the projection writes it, for
/// tests of its readers (reviews' verified purchase, recommendations) that need no whole checkout.
/// </summary>
public static class PurchaseHistorySeed
{
    public static Task Record(IPurchaseHistoryStore store, Guid shopperId, Guid productId, PurchaseStatus status)
    {
        var paidAt = DateTimeOffset.UtcNow;
        var purchase = new ProductPurchase(productId, Guid.NewGuid(), Guid.NewGuid(), "Kettle", 1, status, paidAt,
            status == PurchaseStatus.Received ? paidAt : null);
        return store.ApplyAsync(new SubOrderPurchases(Guid.NewGuid(), shopperId, 1, [purchase]), replaceSameVersion: false, CancellationToken.None);
    }

    /// <summary>The table of an in-memory cluster.</summary>
    public static Task Record(IGrainFactory grains, Guid shopperId, Guid productId, PurchaseStatus status) =>
        Record(new InMemoryPurchaseHistoryStore(grains), shopperId, productId, status);
}
