using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Marketplace.ServiceDefaults.Observability;

public static class TelemetryExtensions
{
    /// <summary>Meter of the marketplace's own business metrics (orders placed, payments declined…).</summary>
    public const string MarketplaceMeter = "Marketplace";

    /// <summary>The standard OpenTelemetry variable naming the collector that traces are exported to over OTLP.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Orleans' activity sources: one span per grain call made and received (the runtime's own calls on the second).</summary>
    private static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime"];

    public static IHostApplicationBuilder AddMarketplaceTelemetry(this IHostApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(MarketplaceMeter)
                .AddPrometheusExporter());

        // Traces cost a span per request and grain call, so they are recorded only when a collector takes them:
        // OTEL_EXPORTER_OTLP_ENDPOINT (and the other OTEL_EXPORTER_OTLP_* variables) as every OTLP exporter reads them.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbeOrScrape(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddSource(OrleansActivitySources)
                .AddOtlpExporter());
        }
        return builder;
    }

    private static bool IsProbeOrScrape(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    /// <summary>Prometheus scrape endpoint at <c>/metrics</c>.</summary>
    public static WebApplication MapMarketplaceMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
