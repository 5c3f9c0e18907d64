using System.Text.Json.Serialization;
using Marketplace.Common;

namespace Marketplace.Ordering;

/// <summary>
/// What shoppers have bought and received, read from the purchase history table (<c>ordering_purchases</c>), which is
/// projected from the orders stream: a product is bought when its order is paid, received when its sub-order is
/// delivered, and no longer bought when its sub-order is cancelled or its delivery fails. Reviews ask it for verified
/// purchases, recommendations for what not to offer again, the public gateway for the shopper's history. A stateless
/// worker (key 0): any silo, as many activations as the load needs.
/// </summary>
public interface IPurchaseHistoryGrain : IGrainWithIntegerKey
{
    /// <summary>The shopper's most advanced purchase of the product (received before bought, then the newest), or null when none stands.</summary>
    Task<ProductPurchase?> Find(Guid shopperId, Guid productId);

    /// <summary>Every purchase still standing, newest first, with keyset paging (<paramref name="after"/> = a page's <c>Next</c>).</summary>
    Task<PagedList<ProductPurchase>> List(Guid shopperId, int page, int pageSize, string? after = null);
}

[JsonConverter(typeof(JsonStringEnumConverter<PurchaseStatus>))]
public enum PurchaseStatus
{
    Bought,
    Received,
    Withdrawn,
}

/// <summary>One product of one order, as far as the shopper is concerned.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductPurchase(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] string Title,
    [property: Id(4)] int Quantity,
    [property: Id(5)] PurchaseStatus Status,
    [property: Id(6)] DateTimeOffset PaidAt,
    [property: Id(7)] DateTimeOffset? ReceivedAt);
