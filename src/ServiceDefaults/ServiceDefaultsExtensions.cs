using Marketplace.ServiceDefaults.Http;
using Marketplace.ServiceDefaults.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Marketplace.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>What every marketplace host has: metrics, health checks, RFC 7807 errors and no Server banner.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddMarketplaceTelemetry();
        // No Server banner: what runs behind the edge is nobody's business.
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
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
