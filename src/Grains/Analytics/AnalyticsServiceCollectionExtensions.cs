using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Grains.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>The analytics sink's options (the <c>Analytics:ClickHouse</c> section); its store comes from Marketplace.Stores.ClickHouse.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.SectionName).ValidateOnStart();
        return services;
    }
}
