using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Grains.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>The ClickHouse analytics sink (the <c>Analytics:ClickHouse</c> section).</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.SectionName).ValidateOnStart();
        services.AddHttpClient<ClickHouseClient>();
        return services;
    }
}
