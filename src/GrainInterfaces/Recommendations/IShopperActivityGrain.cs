using Marketplace.Search;
using Orleans.Concurrency;

namespace Marketplace.Recommendations;

/// <summary>
/// Records a signed-in shopper's activity (key: shopper id) as events on the shopper's
/// <see cref="Common.StreamNames.UserActivity"/> stream. Views, searches and cart adds are one-way: recording
/// never slows or fails what the shopper is doing, and a lost signal only weakens a recommendation.
/// </summary>
public interface IShopperActivityGrain : IGrainWithGuidKey
{
    [OneWay]
    Task ViewedProduct(Guid productId);

    [OneWay]
    Task Searched(ProductSearchQuery query);

    [OneWay]
    Task AddedToCart(Guid productId, int quantity);

    /// <summary>Awaited, so a purchase is recorded at least once; repeating it for the same order publishes the same event.</summary>
    Task Purchased(Guid orderId, IReadOnlyList<PurchasedItem> items);
}

[GenerateSerializer, Immutable]
public sealed record PurchasedItem(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Title,
    [property: Id(2)] int Quantity);

/// <summary>The key of a shopper's activity stream: the shopper id in the form Guid-keyed implicit subscribers parse.</summary>
public static class UserActivityStream
{
    public static string KeyOf(Guid shopperId) => shopperId.ToString("N");
}
