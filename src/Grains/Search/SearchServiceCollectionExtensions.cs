using Marketplace.Grains.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        return options.Engine == SearchEngine.Postgres && options.PostgresConnectionString(configuration) is null
            ? ActivatorUtilities.CreateInstance<UnconfiguredSearchIndex>(provider)
            : Cached(provider, options, provider.Adapter<ISearchIndex>(options.Engine));
    }

    /// <summary>The engine behind the silo's search cache, unless <see cref="SearchOptions.CacheSeconds"/> is 0.</summary>
    private static ISearchIndex Cached(IServiceProvider provider, SearchOptions options, ISearchIndex engine) =>
        options.CacheSeconds <= 0
            ? engine
            : new CachedSearchIndex(engine, provider.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(options.CacheSeconds), options.CacheEntries);
}
