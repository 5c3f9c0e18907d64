using Elastic.Clients.Elasticsearch;
using Marketplace.Grains.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Marketplace.Grains.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// The search index the search grains use, per <see cref="SearchOptions"/>. A silo with neither a search
    /// database nor a products database (the in-memory profile without PostgreSQL) gets an index that drops
    /// writes and refuses queries, so the rest of the cluster still runs.
    /// </summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.SectionName)
            .Validate(o => o.Engine != SearchEngine.Elasticsearch || o.Elasticsearch is not null,
                "Search:Elasticsearch (the server's URL) is required when Search:Engine is Elasticsearch.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => CreateIndex(provider, configuration));
        return services;
    }

    private static ISearchIndex CreateIndex(IServiceProvider provider, IConfiguration configuration)
    {
        var options = provider.GetRequiredService<IOptions<SearchOptions>>().Value;
        if (options.Engine == SearchEngine.Elasticsearch)
        {
            return Cached(provider, options,
                new ElasticsearchSearchIndex(new ElasticsearchClient(new ElasticsearchClientSettings(new Uri(options.Elasticsearch!))), options.IndexPrefix));
        }
        var connectionString = options.Postgres ?? configuration["Storage:Stores:products"] ?? configuration["Storage:Postgres"];
        return connectionString is null
            ? ActivatorUtilities.CreateInstance<UnconfiguredSearchIndex>(provider)
            : Cached(provider, options, new PostgresSearchIndex(PostgresPools.DataSource(AutoPrepared(connectionString), configuration)));
    }

    /// <summary>The engine behind the silo's search cache, unless <see cref="SearchOptions.CacheSeconds"/> is 0.</summary>
    private static ISearchIndex Cached(IServiceProvider provider, SearchOptions options, ISearchIndex engine) =>
        options.CacheSeconds <= 0
            ? engine
            : new CachedSearchIndex(engine, provider.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(options.CacheSeconds), options.CacheEntries);

    /// <summary>
    /// The search queries come in a few shapes run thousands of times: Npgsql prepares each on the server after a few
    /// uses (unless the connection string says otherwise), which saves PostgreSQL the parse and plan per query.
    /// </summary>
    private static string AutoPrepared(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }
        return builder.ConnectionString;
    }
}
