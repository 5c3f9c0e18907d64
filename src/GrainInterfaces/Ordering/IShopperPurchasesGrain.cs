using System.Text.Json.Serialization;
using Marketplace.Common;

namespace Marketplace.Ordering;

/// <summary>
/// What a shopper has bought and received (key: shopper id), projected from the orders stream: a product is bought
/// when its order is paid, received when its sub-order is delivered, and no longer bought when its sub-order is
/// cancelled or its delivery fails. Reviews ask it for verified purchases; recommendations for what not to offer again.
/// </summary>
public interface IShopperPurchasesGrain : IGrainWithGuidKey
{
    /// <summary>The order was paid: every product in it is bought. Repeating it changes nothing.</summary>
    Task RecordPaid(Guid orderId, IReadOnlyList<OrderLine> lines, DateTimeOffset paidAt);

    /// <summary>A sub-order of the order reached the shopper: its products are received. Repeating it changes nothing.</summary>
    Task RecordReceived(Guid orderId, IReadOnlyList<Guid> productIds, DateTimeOffset receivedAt);

    /// <summary>A sub-order was cancelled or could not be delivered: its products were not bought after all.</summary>
    Task RecordWithdrawn(Guid orderId, IReadOnlyList<Guid> productIds);

    /// <summary>The shopper's most advanced purchase of the product (received before bought), or null when never bought.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ProductPurchase?> Find(Guid productId);

    /// <summary>Every purchase still standing, newest first.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<PagedList<ProductPurchase>> List(int page, int pageSize);
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
