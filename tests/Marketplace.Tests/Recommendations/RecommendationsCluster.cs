using System.Collections.Concurrent;
using Marketplace.Catalog;
using Marketplace.Grains.Recommendations;
using Marketplace.Recommendations;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Marketplace.Tests.Recommendations;

/// <summary>
/// An in-memory cluster whose recommendations re-rank and re-read feeds on every request (no caching), with a ranker
/// that tests can make fail or hang for the shoppers who viewed a given product.
/// </summary>
public sealed class RecommendationsCluster : IAsyncLifetime
{
    public static readonly TimeSpan Settles = TimeSpan.FromSeconds(15);

    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await MarketplaceTestCluster.StartAsync(
        new Dictionary<string, string?>
        {
            ["Recommendations:RankingLifetime"] = "00:00:00",
            ["Recommendations:FeedCacheLifetime"] = "00:00:00",
            ["Recommendations:RankingTimeout"] = "00:00:01",
        },
        replaceServices: services =>
        {
            services.AddSingleton<CatalogRecommendationRanker>();
            services.AddSingleton<IRecommendationRanker, SteerableRanker>();
        });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>A published product of one sku in stock (unless <paramref name="stock"/> is 0).</summary>
    public async Task<ProductSnapshot> Product(Guid sellerId, string title, string category, string brand = "Acme", int stock = 5) =>
        await Grains.PublishedProduct(sellerId, CatalogSeeding.Kettle(100m, stock) with { Title = title, Category = category, Brand = brand });
}

[CollectionDefinition(Name)]
public sealed class RecommendationsClusterCollection : ICollectionFixture<RecommendationsCluster>
{
    public const string Name = "recommendations cluster";
}

/// <summary>The real ranker, except for shoppers who viewed a product a test marked: their ranking throws or never ends.</summary>
public sealed class SteerableRanker(CatalogRecommendationRanker real) : IRecommendationRanker
{
    public enum Failure
    {
        Throws,
        Hangs,
    }

    private static readonly ConcurrentDictionary<Guid, Failure> Failures = new();

    public static void Fail(Guid viewedProductId, Failure failure) => Failures[viewedProductId] = failure;

    public async Task<IReadOnlyList<Recommendation>> RankAsync(ShopperInterests interests, IReadOnlySet<Guid> bought, CancellationToken cancellationToken)
    {
        var failure = interests.RecentlyViewed.Select(p => Failures.TryGetValue(p.ProductId, out var f) ? f : (Failure?)null).FirstOrDefault(f => f is not null);
        switch (failure)
        {
            case Failure.Throws:
                throw new InvalidOperationException("The ranking broke.");
            case Failure.Hangs:
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                break;
        }
        return await real.RankAsync(interests, bought, cancellationToken);
    }
}
