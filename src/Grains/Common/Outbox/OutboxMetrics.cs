using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using static Marketplace.Grains.Common.MarketplaceMeter;

namespace Marketplace.Grains.Common;

/// <summary>
/// The aggregates' outboxes as an operator watches them: how many messages wait in the outboxes of the aggregates
/// active on this silo, by aggregate type, how often a delivery failed and was left to the outbox reminder, and the
/// domain events published, by type (returns, refunds, payouts and promo codes included).
/// </summary>
public sealed class OutboxMetrics
{
    private readonly ConcurrentDictionary<GrainId, int> _pending = new();

    // Every aggregate type that used its outbox on this silo, so an empty outbox reads 0 rather than nothing.
    private readonly ConcurrentDictionary<string, bool> _types = new();
    private readonly Counter<long> _deliveryFailures;
    private readonly Counter<long> _published;

    public OutboxMetrics(IMeterFactory meters)
    {
        var meter = Create(meters);
        _deliveryFailures = meter.CreateCounter<long>("marketplace.outbox.delivery_failures",
            description: "Outbox deliveries (an event to its stream, an effect to its grain or service) that failed and wait for a retry, by aggregate type.");
        _published = meter.CreateCounter<long>("marketplace.events.published",
            description: "Domain events the aggregates published, by domain and event type (RefundFailed, PayoutIssued, …); an event sent again after a crash counts again.");
        meter.CreateObservableGauge("marketplace.outbox.pending", Pending,
            description: "Messages waiting in the outboxes of the aggregates active on this silo, by aggregate type.");
    }

    /// <summary>What an aggregate's outbox holds now; 0 when it is empty or the aggregate leaves this silo (whoever activates it next counts it).</summary>
    public void Holds(GrainId aggregate, int messages)
    {
        _types.TryAdd(aggregate.Type.ToString(), true);
        if (messages > 0)
        {
            _pending[aggregate] = messages;
        }
        else
        {
            _pending.TryRemove(aggregate, out _);
        }
    }

    public void Published(string domain, string eventType) => _published.Add(1, Tag("domain", domain), Tag("event", eventType));

    public void DeliveryFailed(GrainId aggregate) => _deliveryFailures.Add(1, Tag("aggregate", aggregate.Type.ToString()));

    private IEnumerable<Measurement<int>> Pending()
    {
        var byType = _pending.GroupBy(p => p.Key.Type.ToString()).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return _types.Keys.Select(type => new Measurement<int>(byType.GetValueOrDefault(type), Tag("aggregate", type)));
    }
}
