using Marketplace.Common;
using Marketplace.Recommendations;
using Marketplace.Recommendations.Events;

namespace Marketplace.Grains.Recommendations;

/// <summary>
/// What a shopper's activity says they like, as decaying scores per category and brand plus the products they viewed
/// last. Every signal first decays the older scores, so the sums stay bounded and recent interest leads; only the
/// strongest <see cref="RecommendationsOptions.MaxInterests"/> of each kind are kept.
/// </summary>
[GenerateSerializer]
public sealed class ShopperAffinity
{
    [Id(0)] public Dictionary<string, double> Categories { get; set; } = [];
    [Id(1)] public Dictionary<string, double> Brands { get; set; } = [];

    /// <summary>Newest first, each product once.</summary>
    [Id(2)] public List<ActivityProduct> RecentlyViewed { get; set; } = [];

    /// <summary>Applies one activity; false when it says nothing about the shopper's taste.</summary>
    public bool Learn(IDomainEvent activity, RecommendationsOptions options)
    {
        var weights = options.Weights;
        switch (activity)
        {
            case ProductViewed viewed:
                Learn(viewed.Product.Category, viewed.Product.Brand, weights.View, options);
                RecentlyViewed.RemoveAll(p => p.ProductId == viewed.Product.ProductId);
                RecentlyViewed.Insert(0, viewed.Product);
                Trim(RecentlyViewed, options.RecentlyViewed);
                return true;
            case SearchPerformed search when search.Category is not null || search.Brand is not null:
                Learn(search.Category, search.Brand, weights.Search, options);
                return true;
            case ProductAddedToCart added:
                Learn(added.Product.Category, added.Product.Brand, weights.AddToCart, options);
                return true;
            case ProductsPurchased purchased:
                foreach (var item in purchased.Items)
                {
                    Learn(item.Product.Category, item.Product.Brand, weights.Purchase, options);
                }
                return purchased.Items.Count > 0;
            default:
                return false;
        }
    }

    public ShopperInterests ToInterests() => new(Strongest(Categories), Strongest(Brands), RecentlyViewed.ToList());

    private void Learn(string? category, string? brand, int weight, RecommendationsOptions options)
    {
        Raise(Categories, category, weight, options);
        Raise(Brands, brand, weight, options);
    }

    private static void Raise(Dictionary<string, double> scores, string? key, int weight, RecommendationsOptions options)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return;
        }
        foreach (var name in scores.Keys)
        {
            scores[name] *= options.AffinityDecay;
        }
        scores[key] = scores.GetValueOrDefault(key) + weight;
        foreach (var weakest in scores.OrderByDescending(s => s.Value).Skip(options.MaxInterests).Select(s => s.Key).ToList())
        {
            scores.Remove(weakest);
        }
    }

    private static List<Interest> Strongest(Dictionary<string, double> scores) =>
        scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => new Interest(s.Key, Math.Round(s.Value, 3))).ToList();

    private static void Trim<T>(List<T> items, int max)
    {
        if (items.Count > max)
        {
            items.RemoveRange(max, items.Count - max);
        }
    }
}
