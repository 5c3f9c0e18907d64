using Marketplace.Grains.Analytics;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Stores.ClickHouse;

public static class ClickHouseServiceCollectionExtensions
{
    /// <summary>The analytics store on ClickHouse's HTTP interface (the <c>Analytics:ClickHouse</c> section, bound by <c>AddAnalytics</c>).</summary>
    public static IServiceCollection AddClickHouseAnalytics(this IServiceCollection services)
    {
        services.AddHttpClient<ClickHouseClient>();
        services.AddSingleton<IAnalyticsStore>(provider => provider.GetRequiredService<ClickHouseClient>());
        return services;
    }
}
