namespace Marketplace.Grains.Recommendations;

/// <summary>How much each kind of activity says about a shopper's intent; one scale for affinity and popularity.</summary>
public sealed class SignalWeights
{
    public int View { get; set; } = 1;
    public int Search { get; set; } = 1;
    public int AddToCart { get; set; } = 3;
    public int Purchase { get; set; } = 5;
}

/// <summary>Bounds and timings of recommendations and the base feed. Bound from the silo's <c>Recommendations</c> section.</summary>
public sealed class RecommendationsOptions
{
    public const string SectionName = "Recommendations";

    public SignalWeights Weights { get; set; } = new();

    /// <summary>Every new signal multiplies a shopper's older scores by this, so recent interests outweigh old ones.</summary>
    public double AffinityDecay { get; set; } = 0.9;

    /// <summary>Categories and brands kept per shopper (the strongest).</summary>
    public int MaxInterests { get; set; } = 20;

    public int RecentlyViewed { get; set; } = 20;

    /// <summary>Event ids a subscriber remembers to drop redeliveries.</summary>
    public int RememberedEvents { get; set; } = 500;

    /// <summary>The shopper's strongest categories whose listings and popular feeds give the candidates.</summary>
    public int CategoriesRanked { get; set; } = 3;

    /// <summary>Newest products read from each ranked category's listing (at most the listing's page size, 100).</summary>
    public int CandidatesPerCategory { get; set; } = 100;

    public int MaxRecommendations { get; set; } = 100;

    /// <summary>The personal ranking's deadline; past it the shopper gets the base feed.</summary>
    public TimeSpan RankingTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a ranked list is served before it is ranked again (new activity ranks again at once).</summary>
    public TimeSpan RankingLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The sliding window of popularity, kept as <see cref="PopularityBuckets"/> equal buckets.</summary>
    public TimeSpan PopularityWindow { get; set; } = TimeSpan.FromDays(7);

    public int PopularityBuckets { get; set; } = 7;

    /// <summary>Products counted per bucket of a feed; the least popular beyond this are dropped.</summary>
    public int TrackedPerBucket { get; set; } = 200;

    /// <summary>Products a feed serves (its most popular on sale); at most a page's maximum, so a shopper's fallback reads it whole.</summary>
    public int FeedSize { get; set; } = 60;

    /// <summary>How long a feed's resolved list is served before it is read again from the catalog.</summary>
    public TimeSpan FeedCacheLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A feed's counts reach Redis at most this often (and on deactivation), not once per signal.</summary>
    public TimeSpan FeedFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Co-purchased products kept per product.</summary>
    public int AlsoBoughtPairs { get; set; } = 50;
}
