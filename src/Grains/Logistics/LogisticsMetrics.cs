using System.Diagnostics.Metrics;
using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics;

/// <summary>Business metrics of the logistics context, on the marketplace meter the hosts export to Prometheus.</summary>
public sealed class LogisticsMetrics
{
    // The hosts export this meter by name (ServiceDefaults' TelemetryExtensions.MarketplaceMeter).
    private const string MeterName = "Marketplace";

    private readonly Counter<long> _statusChanges;
    private readonly Counter<long> _overdue;
    private readonly Counter<long> _carrierRegistrationFailures;

    public LogisticsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _statusChanges = meter.CreateCounter<long>("marketplace.shipments.status_changes", description: "Shipment status changes, by new status and source.");
        _overdue = meter.CreateCounter<long>("marketplace.shipments.overdue", description: "Shipments that passed their update deadline.");
        _carrierRegistrationFailures = meter.CreateCounter<long>("marketplace.carrier.registration_failures",
            description: "Carrier registrations that failed and were left to the retry reminder.");
    }

    public void StatusChanged(ShipmentStatus status, string source) =>
        _statusChanges.Add(1, new KeyValuePair<string, object?>("status", status.ToString()), new KeyValuePair<string, object?>("source", source));

    public void Overdue() => _overdue.Add(1);

    public void CarrierRegistrationFailed() => _carrierRegistrationFailures.Add(1);
}
