using Marketplace.ServiceDefaults.Http;
using Marketplace.ServiceDefaults.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Marketplace.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>What every marketplace host has: metrics, health checks and RFC 7807 errors.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddMarketplaceTelemetry();
        builder.Services.AddMarketplaceProblemDetails();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: [HealthTags.Live]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapMarketplaceHealth();
        app.MapMarketplaceMetrics();
        return app;
    }
}
