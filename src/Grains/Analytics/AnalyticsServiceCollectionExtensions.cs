using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Grains.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>The analytics consumers and their options (the <c>Analytics:ClickHouse</c> section); its store comes from Marketplace.Stores.ClickHouse.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IReadModelProjection, AnalyticsConsumer>();
        services.AddSingleton<IReadModelProjection, ReturnsAnalyticsConsumer>();
        return services;
    }
}
