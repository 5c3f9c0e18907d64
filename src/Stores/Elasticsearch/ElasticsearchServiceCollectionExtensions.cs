using Elastic.Clients.Elasticsearch;
using Marketplace.Grains.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Stores.Elasticsearch;

public static class ElasticsearchServiceCollectionExtensions
{
    /// <summary>The search index on Elasticsearch, picked by <c>AddSearch</c> when <c>Search:Engine</c> is Elasticsearch.</summary>
    public static IServiceCollection AddElasticsearchSearch(this IServiceCollection services)
    {
        services.AddKeyedSingleton<ISearchIndex>(SearchEngine.Elasticsearch, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptions<SearchOptions>>().Value;
            return new ElasticsearchSearchIndex(new ElasticsearchClient(new ElasticsearchClientSettings(new Uri(options.Elasticsearch!))), options.IndexPrefix);
        });
        return services;
    }
}
