using System.Diagnostics.Metrics;
using Marketplace.Grains.Common;
using Marketplace.Payments;
using static Marketplace.Grains.Common.MarketplaceMeter;

namespace Marketplace.Grains.Payments;

/// <summary>
/// Business metrics of payments: how authorisations end (authorised, declined, failed), every processor answer by
/// operation and outcome, and whether the processor's circuit breaker is open on this silo.
/// </summary>
public sealed class PaymentsMetrics
{
    private readonly Counter<long> _authorisations;
    private readonly Counter<long> _processorCalls;
    private int _circuitOpen;

    public PaymentsMetrics(IMeterFactory meters)
    {
        var meter = Create(meters);
        _authorisations = meter.CreateCounter<long>("marketplace.payments.authorisations",
            description: "Authorisations that ended, by outcome: Authorised, Declined (the card's answer) or Failed (the processor never answered).");
        _processorCalls = meter.CreateCounter<long>("marketplace.payments.processor_calls",
            description: "Calls to the card processor, by operation and outcome (Succeeded, Rejected, Unavailable: down, timed out or circuit open).");
        meter.CreateObservableGauge("marketplace.payments.processor_circuit_open", () => Volatile.Read(ref _circuitOpen),
            description: "1 while the card processor's circuit breaker is open (or half-open) on this silo: authorisations wait instead of being sent.");
    }

    public void ProcessorAnswered(PaymentOperationKind operation, GatewayOutcome outcome) =>
        _processorCalls.Add(1, Tag("operation", operation.ToString()), Tag("outcome", outcome.ToString()));

    public void AuthorisationEnded(PaymentStatus status) => _authorisations.Add(1, Tag("outcome", status.ToString()));

    public void CircuitOpened() => Volatile.Write(ref _circuitOpen, 1);

    public void CircuitClosed() => Volatile.Write(ref _circuitOpen, 0);
}
