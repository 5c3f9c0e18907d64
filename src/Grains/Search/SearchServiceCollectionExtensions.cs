using Elastic.Clients.Elasticsearch;
using Marketplace.Grains.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
                services.AddSingleton<ISearchIndex>(new ElasticsearchSearchIndex(
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
                services.AddSingleton<ISearchIndex>(new PostgresSearchIndex(PostgresPools.DataSource(connectionString, configuration)));
                break;
        }
        return services;
    }
}
