using System.Diagnostics.Metrics;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// Deliveries parked as dead letters, by projection (<c>marketplace_projection_dead_letters_total</c> in Prometheus);
/// the number waiting right now is <see cref="IDeadLetterStore.CountAsync"/>.
/// </summary>
public sealed class ProjectionMetrics
{
    // The hosts export this meter by name (ServiceDefaults' TelemetryExtensions.MarketplaceMeter).
    private const string MeterName = "Marketplace";

    private readonly Counter<long> _parked;

    public ProjectionMetrics(IMeterFactory meters) =>
        _parked = meters.Create(MeterName).CreateCounter<long>("marketplace.projection.dead_letters",
            description: "Deliveries a projection parked as a dead letter after its retries ran out; each waits for an operator's replay.");

    public void Parked(string projection) => _parked.Add(1, new KeyValuePair<string, object?>("projection", projection));
}
