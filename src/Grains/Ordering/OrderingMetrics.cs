using System.Diagnostics.Metrics;
using Marketplace.Grains.Common;
using Marketplace.Ordering;
using static Marketplace.Grains.Common.MarketplaceMeter;

namespace Marketplace.Grains.Ordering;

/// <summary>Business metrics of ordering: orders placed, paid, failed by reason and cancelled, the money paid (GMV) and each saga step's time.</summary>
public sealed class OrderingMetrics
{
    private readonly Counter<long> _placed;
    private readonly Counter<long> _paid;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _cancelled;
    private readonly Counter<double> _gmv;
    private readonly Histogram<double> _stepDuration;

    public OrderingMetrics(IMeterFactory meters)
    {
        var meter = Create(meters);
        _placed = meter.CreateCounter<long>("marketplace.orders.placed", description: "Orders placed (checkouts started).");
        _paid = meter.CreateCounter<long>("marketplace.orders.paid", description: "Orders whose payment was authorised and sub-orders opened.");
        _failed = meter.CreateCounter<long>("marketplace.orders.failed", description: "Checkouts that failed, by reason.");
        _cancelled = meter.CreateCounter<long>("marketplace.orders.cancelled", description: "Orders cancelled by their shopper, before or after payment.");
        _gmv = meter.CreateCounter<double>("marketplace.orders.gmv", description: "Gross merchandise value: the totals of paid orders, by currency, in major units.");
        _stepDuration = meter.CreateHistogram("marketplace.checkout.step.duration", unit: "s",
            description: "Time one run of a checkout saga step took (reserving stock, authorising, confirming, compensating), by step.", advice: Seconds);
    }

    public void Placed() => _placed.Add(1);

    public void Paid(decimal total, string currency)
    {
        _paid.Add(1);
        _gmv.Add((double)total, Tag("currency", currency));
    }

    public void Failed(CheckoutFailure reason) => _failed.Add(1, Tag("reason", reason.ToString()));

    public void Cancelled() => _cancelled.Add(1);

    public void StepRan(CheckoutStep step, TimeSpan took) => _stepDuration.Record(took.TotalSeconds, Tag("step", step.ToString()));
}
