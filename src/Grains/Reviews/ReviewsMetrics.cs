using System.Diagnostics.Metrics;
using Marketplace.Grains.Common;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews;

/// <summary>Business metrics of the reviews context, on the marketplace meter the hosts export to Prometheus.</summary>
public sealed class ReviewsMetrics
{
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _moderated;

    public ReviewsMetrics(IMeterFactory meters)
    {
        var meter = MarketplaceMeter.Create(meters);
        _submitted = meter.CreateCounter<long>("marketplace.reviews.submitted", description: "Reviews written or edited, sent to moderation.");
        _moderated = meter.CreateCounter<long>("marketplace.reviews.moderated",
            description: "Moderation decisions, by outcome and by who decided (rules or operator); a growing share of holds means more operator work.");
    }

    public void Submitted() => _submitted.Add(1);

    public void Moderated(ModerationOutcome outcome, string decidedBy) =>
        _moderated.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()), new KeyValuePair<string, object?>("decided_by", decidedBy));
}
