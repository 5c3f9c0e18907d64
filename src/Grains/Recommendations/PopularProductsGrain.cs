using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Recommendations;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Recommendations;

/// <summary>
/// One base feed (overall or one category's) in Redis: weighted view, cart and purchase counts per product in
/// equal time buckets, the oldest dropped as the window slides. Counts are written at most every
/// <see cref="RecommendationsOptions.FeedFlushInterval"/>, not per signal: a crash loses seconds of popularity, never a sale.
/// </summary>
public sealed class PopularProductsGrain(
    [PersistentState("popular", StorageNames.Feed)] IPersistentState<PopularProductsGrain.PopularityState> state,
    IOptions<RecommendationsOptions> options,
    TimeProvider clock) : Grain, IPopularProductsGrain
{
    private IGrainTimer? _flush;
    private IReadOnlyList<Recommendation>? _top;
    private DateTimeOffset _topAt;

    private RecommendationsOptions Settings => options.Value;
    private string? Category => PopularFeeds.CategoryOf(this.GetPrimaryKeyString());

    public Task Record(Guid eventId, Guid productId, int weight)
    {
        if (!state.State.Counted.TryAdd(eventId, Settings.RememberedEvents))
        {
            return Task.CompletedTask;
        }
        var current = BucketNow();
        foreach (var stale in state.State.Buckets.Keys.Where(b => b <= current - Settings.PopularityBuckets).ToList())
        {
            state.State.Buckets.Remove(stale);
        }
        var bucket = state.State.Buckets.TryGetValue(current, out var counts) ? counts : state.State.Buckets[current] = [];
        bucket[productId] = bucket.GetValueOrDefault(productId) + weight;
        if (bucket.Count > Settings.TrackedPerBucket)
        {
            bucket.Remove(bucket.MinBy(c => c.Value).Key);
        }
        _flush ??= this.RegisterGrainTimer(Flush, Settings.FeedFlushInterval, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public async Task<RecommendationPage> Top(int page, int pageSize)
    {
        if (Category is { } category && !Categories.Exists(category))
        {
            throw new NotFoundException($"There is no category '{category}'.");
        }
        Paging.Validate(page, pageSize);
        if (_top is null || clock.GetUtcNow() - _topAt > Settings.FeedCacheLifetime)
        {
            _top = await Resolve();
            _topAt = clock.GetUtcNow();
        }
        return RecommendationPage.Of(_top.ToPage(page, pageSize), RecommendationSource.Popular);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_flush is not null)
        {
            await Flush();
        }
    }

    private async Task<IReadOnlyList<Recommendation>> Resolve()
    {
        var current = BucketNow();
        // Products counted but no longer on sale drop out below, so more than a feed's worth are read.
        var ranked = state.State.Buckets
            .Where(b => b.Key > current - Settings.PopularityBuckets)
            .SelectMany(b => b.Value)
            .GroupBy(c => c.Key, c => c.Value)
            .OrderByDescending(g => g.Sum())
            .ThenBy(g => g.Key)
            .Take(Settings.FeedSize * 2)
            .Select(g => g.Key);
        var reason = Category is { } category
            ? new RecommendationReason(ReasonKind.PopularInCategory, $"Popular in {ProductLookups.CategoryName(category)}", Category: category)
            : new RecommendationReason(ReasonKind.Popular, "Popular now");
        return (await GrainFactory.OnSale(ranked)).Take(Math.Min(Settings.FeedSize, Paging.MaxPageSize)).Select(p => new Recommendation(p, reason)).ToList();
    }

    private long BucketNow() => clock.GetUtcNow().UtcTicks / (Settings.PopularityWindow.Ticks / Settings.PopularityBuckets);

    private async Task Flush()
    {
        _flush?.Dispose();
        _flush = null;
        await state.WriteStateAsync();
    }

    [GenerateSerializer]
    public sealed class PopularityState
    {
        /// <summary>Weighted counts per product, per bucket number (time since the epoch in bucket lengths).</summary>
        [Id(0)] public Dictionary<long, Dictionary<Guid, int>> Buckets { get; set; } = [];
        [Id(1)] public RecentIds Counted { get; set; } = new();
    }
}
