using Microsoft.Extensions.Configuration;

namespace Marketplace.Grains.Search;

public enum SearchEngine
{
    /// <summary>PostgreSQL full-text (tables of migration 0200); the default.</summary>
    Postgres,

    /// <summary>Elasticsearch, the production target (<see cref="SearchOptions.Elasticsearch"/> names the server).</summary>
    Elasticsearch,
}

/// <summary>Which engine holds the search index. Bound from the <c>Search</c> section.</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    public SearchEngine Engine { get; set; } = SearchEngine.Postgres;

    /// <summary>
    /// The database of the PostgreSQL index; unset, it is the products store's (Storage:Stores:products, then
    /// Storage:Postgres), which the silo migrates at start. A database named here must be migrated too.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>The PostgreSQL index's database: <see cref="Postgres"/>, else the products store's; null when the silo has neither.</summary>
    public string? PostgresConnectionString(IConfiguration configuration) =>
        Postgres ?? configuration["Storage:Stores:products"] ?? configuration["Storage:Postgres"];

    /// <summary>The Elasticsearch server's URL, e.g. http://127.0.0.1:9200.</summary>
    public string? Elasticsearch { get; set; }

    /// <summary>
    /// How long a silo answers an identical product search from its cache (<see cref="CachedSearchIndex"/>, ±20 %),
    /// then once more while refreshing it: a write through the same silo drops the cache at once, one through another
    /// silo shows within twice this time. 0 turns it off.
    /// </summary>
    public double CacheSeconds { get; set; } = 10;

    /// <summary>How many distinct searches the cache holds before it starts over.</summary>
    public int CacheEntries { get; set; } = 10_000;

    /// <summary>Prefix of the Elasticsearch index names ({prefix}products, {prefix}sellers), so clusters can share a server.</summary>
    public string IndexPrefix { get; set; } = "marketplace-";
}
