using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Recommendations;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Recommendations;

/// <summary>The personal computation: a shopper's interests ranked over what is on sale. Replaceable, so its failure can be tested.</summary>
public interface IRecommendationRanker
{
    /// <summary>Products on sale the shopper has not bought nor just viewed, best first, each with its reason.</summary>
    Task<IReadOnlyList<Recommendation>> RankAsync(ShopperInterests interests, IReadOnlySet<Guid> bought, CancellationToken cancellationToken);
}

/// <summary>
/// Candidates are what the catalog already offers for the shopper's strongest categories: the newest page of each
/// category's listing and the category's popular feed. Each is scored by the shopper's affinity to its category
/// (and the category's ancestors), to its brand, and by its popularity in the category.
/// </summary>
public sealed class CatalogRecommendationRanker(IGrainFactory grains, IOptions<RecommendationsOptions> options) : IRecommendationRanker
{
    private const double BrandWeight = 0.5;
    private const double PopularityWeight = 0.5;

    public async Task<IReadOnlyList<Recommendation>> RankAsync(ShopperInterests interests, IReadOnlySet<Guid> bought, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var categories = interests.Categories.Take(settings.CategoriesRanked).Select(c => c.Name).Where(Categories.Exists).ToList();
        var catalog = grains.GetGrain<ICatalogListingsGrain>(0);
        var listings = categories.Select(c => catalog.Category(c, new ListingQuery(1, Math.Min(settings.CandidatesPerCategory, Paging.MaxPageSize))));
        var feeds = categories.Select(c => grains.GetGrain<IPopularProductsGrain>(PopularFeeds.ForCategory(c)).Top(1, Paging.MaxPageSize));
        var newest = await Task.WhenAll(listings).WaitAsync(cancellationToken);
        var popular = await Task.WhenAll(feeds).WaitAsync(cancellationToken);

        // A product's popularity is its place in its category's feed: 1 for the most popular, towards 0 for the last.
        var popularity = new Dictionary<Guid, double>();
        foreach (var feed in popular)
        {
            for (var i = 0; i < feed.Items.Count; i++)
            {
                popularity.TryAdd(feed.Items[i].Product.ProductId, 1 - (double)i / feed.Items.Count);
            }
        }
        var viewed = interests.RecentlyViewed.Select(p => p.ProductId).ToHashSet();
        var categoryScores = Normalised(interests.Categories);
        var brandScores = Normalised(interests.Brands);

        return newest.SelectMany(page => page.Items)
            .Concat(popular.SelectMany(feed => feed.Items).Select(r => r.Product))
            .DistinctBy(p => p.ProductId)
            .Where(p => p.InStock && !bought.Contains(p.ProductId) && !viewed.Contains(p.ProductId))
            .Select(p => (Product: p, Score:
                Categories.SelfAndAncestors(p.Category).Sum(c => categoryScores.GetValueOrDefault(c))
                + BrandWeight * brandScores.GetValueOrDefault(p.Brand)
                + PopularityWeight * popularity.GetValueOrDefault(p.ProductId)))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Product.ProductId)
            .Take(settings.MaxRecommendations)
            .Select(c => new Recommendation(c.Product, ReasonFor(c.Product, interests, popularity.ContainsKey(c.Product.ProductId))))
            .ToList();
    }

    private static Dictionary<string, double> Normalised(IReadOnlyList<Interest> interests)
    {
        var strongest = interests.Count == 0 ? 1 : interests.Max(i => i.Score);
        return interests.ToDictionary(i => i.Name, i => i.Score / strongest, StringComparer.Ordinal);
    }

    private static RecommendationReason ReasonFor(ProductSummary product, ShopperInterests interests, bool popularInCategory)
    {
        if (interests.RecentlyViewed.FirstOrDefault(v => v.Category == product.Category) is { } similar)
        {
            return new RecommendationReason(ReasonKind.ViewedSimilar, $"Because you viewed {similar.Title}", similar.ProductId, product.Category);
        }
        if (interests.Brands.Take(3).Any(b => b.Name == product.Brand))
        {
            return new RecommendationReason(ReasonKind.FavouriteBrand, $"Because you like {product.Brand}", Category: product.Category);
        }
        var category = ProductLookups.CategoryName(product.Category);
        return popularInCategory
            ? new RecommendationReason(ReasonKind.PopularInCategory, $"Popular in {category}", Category: product.Category)
            : new RecommendationReason(ReasonKind.InYourCategory, $"New in {category}", Category: product.Category);
    }
}
