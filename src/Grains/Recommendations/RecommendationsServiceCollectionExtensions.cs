using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Grains.Recommendations;

public static class RecommendationsServiceCollectionExtensions
{
    public static IServiceCollection AddRecommendations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecommendationsOptions>().BindConfiguration(RecommendationsOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRecommendationRanker, CatalogRecommendationRanker>();
        services.AddSingleton<IReadModelProjection, PurchaseActivityConsumer>();
        return services;
    }
}
