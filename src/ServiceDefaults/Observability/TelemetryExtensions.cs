using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Marketplace.ServiceDefaults.Observability;

public static class TelemetryExtensions
{
    /// <summary>Meter of the marketplace's own business metrics (orders placed, payments declined…).</summary>
    public const string MarketplaceMeter = "Marketplace";

    public static IHostApplicationBuilder AddMarketplaceTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(MarketplaceMeter)
                .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Prometheus scrape endpoint at <c>/metrics</c>.</summary>
    public static WebApplication MapMarketplaceMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
