using System.Collections.Concurrent;
using Marketplace.Search;

namespace Marketplace.Grains.Search;

/// <summary>
/// A silo's short-lived cache of product searches in front of the engine, so a shop's popular searches cost the
/// database once per lifetime instead of once per shopper. Every product write through this silo's index drops the
/// cache at once (a generation counter). Otherwise an answer is fresh for the lifetime (±20 %, so entries do not all
/// expire together), then served while one background query refreshes it for up to another lifetime: a write
/// through another silo shows within two lifetimes. The index itself is fed asynchronously from the products stream,
/// so this adds to a staleness shoppers already have. Seller searches are not cached.
/// </summary>
public sealed class CachedSearchIndex(ISearchIndex engine, TimeProvider clock, TimeSpan lifetime, int maxEntries) : ISearchIndex
{
    private sealed class Entry(Task<ProductSearchResult> result, long generation, long freshUntil)
    {
        private int _refreshing;

        public Task<ProductSearchResult> Result { get; } = result;
        public long Generation { get; } = generation;
        public long FreshUntil { get; } = freshUntil;

        /// <summary>True for the one caller that gets to refresh this entry.</summary>
        public bool StartRefresh() => Interlocked.Exchange(ref _refreshing, 1) == 0;
    }

    private readonly ConcurrentDictionary<ProductSearchQuery, Entry> _entries = new();
    private long _generation;

    public Task<ProductSearchResult> SearchProductsAsync(ProductSearchQuery query, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var generation = Volatile.Read(ref _generation);
        if (_entries.TryGetValue(query, out var cached) && cached.Generation == generation && !cached.Result.IsFaulted)
        {
            if (now < cached.FreshUntil)
            {
                return cached.Result.WaitAsync(cancellationToken);
            }
            if (now < cached.FreshUntil + lifetime.Ticks && cached.Result.IsCompletedSuccessfully)
            {
                if (cached.StartRefresh())
                {
                    Query(query, generation, now, refresh: true);
                }
                return cached.Result;
            }
        }
        return Query(query, generation, now, refresh: false).Result.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Asks the engine and caches the answer, at once or, for a refresh, once it is there (callers meanwhile get the
    /// stale one). Not cancelled with one caller, as others may wait on it.
    /// </summary>
    private Entry Query(ProductSearchQuery query, long generation, long now, bool refresh)
    {
        if (_entries.Count >= maxEntries)
        {
            _entries.Clear();
        }
        var jitter = (long)(lifetime.Ticks * (Random.Shared.NextDouble() * 0.4 - 0.2));
        var entry = new Entry(engine.SearchProductsAsync(query, CancellationToken.None), generation, now + lifetime.Ticks + jitter);
        if (refresh)
        {
            entry.Result.ContinueWith(_ => _entries[query] = entry, CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        else
        {
            _entries[query] = entry;
        }
        return entry;
    }

    public async Task<bool> UpsertProductAsync(ProductDocument product, CancellationToken cancellationToken = default)
    {
        var written = await engine.UpsertProductAsync(product, cancellationToken);
        if (written)
        {
            Interlocked.Increment(ref _generation);
        }
        return written;
    }

    public Task<bool> UpsertSellerAsync(SellerDocument seller, CancellationToken cancellationToken = default) =>
        engine.UpsertSellerAsync(seller, cancellationToken);

    public Task<SellerSearchResult> SearchSellersAsync(SellerSearchQuery query, CancellationToken cancellationToken = default) =>
        engine.SearchSellersAsync(query, cancellationToken);
}
