using System.Diagnostics.Metrics;
using Marketplace.Logistics;
using static Marketplace.Grains.Common.MarketplaceMeter;

namespace Marketplace.Grains.Logistics;

/// <summary>Business metrics of the logistics context, on the marketplace meter the hosts export to Prometheus.</summary>
public sealed class LogisticsMetrics
{
    private readonly Counter<long> _statusChanges;
    private readonly Counter<long> _overdue;
    private readonly Counter<long> _carrierRegistrationFailures;
    private readonly Counter<long> _callbacksDropped;

    public LogisticsMetrics(IMeterFactory meters)
    {
        var meter = Create(meters);
        _statusChanges = meter.CreateCounter<long>("marketplace.shipments.status_changes", description: "Shipment status changes, by new status and source.");
        _overdue = meter.CreateCounter<long>("marketplace.shipments.overdue", description: "Shipments that passed their update deadline.");
        _carrierRegistrationFailures = meter.CreateCounter<long>("marketplace.carrier.registration_failures",
            description: "Carrier registrations that failed and were left to the retry reminder.");
        _callbacksDropped = meter.CreateCounter<long>("marketplace.shipments.callbacks_dropped",
            description: "Outbox callbacks to ordering that ordering refused for good and were dropped (the outbox's dead letters), by kind.");
    }

    public void StatusChanged(ShipmentStatus status, string source) =>
        _statusChanges.Add(1, Tag("status", status.ToString()), Tag("source", source));

    public void Overdue() => _overdue.Add(1);

    public void CarrierRegistrationFailed() => _carrierRegistrationFailures.Add(1);

    public void CallbackDropped(OrderingCallbackKind kind) => _callbacksDropped.Add(1, Tag("kind", kind.ToString()));
}

