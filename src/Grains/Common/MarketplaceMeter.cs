using System.Diagnostics.Metrics;

namespace Marketplace.Grains.Common;

/// <summary>
/// The one meter every context's business metrics are on. The hosts export it to Prometheus by this name
/// (ServiceDefaults' TelemetryExtensions.MarketplaceMeter); deploy/prometheus and deploy/grafana read what it exports.
/// </summary>
public static class MarketplaceMeter
{
    public const string Name = "Marketplace";

    public static Meter Create(IMeterFactory meters) => meters.Create(Name);

    public static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    /// <summary>Boundaries for durations in seconds, from a fast grain call to a slow processor answer.</summary>
    public static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    };
}
