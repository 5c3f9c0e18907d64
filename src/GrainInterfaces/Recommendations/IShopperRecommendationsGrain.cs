namespace Marketplace.Recommendations;

/// <summary>
/// One shopper's personal recommendations (key: shopper id): affinities learnt from the shopper's activity stream,
/// ranked over what the catalog has on sale. Falls back to the base feed when there is no history or the ranking fails.
/// </summary>
public interface IShopperRecommendationsGrain : IGrainWithGuidKey
{
    /// <summary>ValidationException naming page or pageSize when they are out of range.</summary>
    Task<RecommendationPage> Recommend(int page, int pageSize);

    Task<ShopperInterests> GetInterests();
}

/// <summary>
/// The base feed: the most viewed and bought products over a sliding window (key: <see cref="PopularFeeds"/>),
/// overall and per category. What signed-out shoppers and shoppers without history see.
/// </summary>
public interface IPopularProductsGrain : IGrainWithStringKey
{
    /// <summary>Counts a signal once per <paramref name="eventId"/>; a heavier <paramref name="weight"/> for stronger intent.</summary>
    Task Record(Guid eventId, Guid productId, int weight);

    /// <summary>Published, in-stock products, most popular first; NotFoundException for a feed of an unknown category.</summary>
    Task<RecommendationPage> Top(int page, int pageSize);
}

public static class PopularFeeds
{
    public const string Overall = "overall";

    public static string ForCategory(string categoryId) => $"category:{categoryId}";

    /// <summary>The category of a feed key, or null for the overall feed.</summary>
    public static string? CategoryOf(string key) => key.StartsWith("category:", StringComparison.Ordinal) ? key["category:".Length..] : null;
}

/// <summary>What shoppers bought in the same orders as one product (key: product id); bounded to the strongest pairs.</summary>
public interface IAlsoBoughtGrain : IGrainWithGuidKey
{
    /// <summary>Counts the products bought with this one in an order, once per <paramref name="orderId"/>.</summary>
    Task RecordOrder(Guid orderId, IReadOnlyList<Guid> boughtWith);

    Task<RecommendationPage> List(int page, int pageSize);
}
