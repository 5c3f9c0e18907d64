using Elastic.Clients.Elasticsearch;
using Marketplace.Grains.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        var options = configuration.GetSection(SearchOptions.SectionName).Get<SearchOptions>() ?? new();
        switch (options.Engine)
        {
            case SearchEngine.Elasticsearch:
                var url = options.Elasticsearch
                          ?? throw new InvalidOperationException("Search:Elasticsearch (the server's URL) is required when Search:Engine is Elasticsearch.");
                AddEngine(services, options, new ElasticsearchSearchIndex(
                    new ElasticsearchClient(new ElasticsearchClientSettings(new Uri(url))), options.IndexPrefix));
                break;
            default:
                var connectionString = options.Postgres
                                       ?? configuration["Storage:Stores:products"]
                                       ?? configuration["Storage:Postgres"];
                if (connectionString is null)
                {
                    services.AddSingleton<ISearchIndex, UnconfiguredSearchIndex>();
                    break;
                }
                AddEngine(services, options, new PostgresSearchIndex(PostgresPools.DataSource(AutoPrepared(connectionString), configuration)));
                break;
        }
        return services;
    }

    /// <summary>The engine behind the silo's search cache, unless <see cref="SearchOptions.CacheSeconds"/> is 0.</summary>
    private static void AddEngine(IServiceCollection services, SearchOptions options, ISearchIndex engine)
    {
        if (options.CacheSeconds <= 0)
        {
            services.AddSingleton(engine);
            return;
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ISearchIndex>(provider => new CachedSearchIndex(engine, provider.GetRequiredService<TimeProvider>(),
            TimeSpan.FromSeconds(options.CacheSeconds), options.CacheEntries));
    }

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
