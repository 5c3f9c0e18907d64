using System.Diagnostics.Metrics;
using Marketplace.Catalog;
using Marketplace.Grains.Common;

namespace Marketplace.Grains.Catalog;

/// <summary>Product moderation's decisions, on the marketplace meter the hosts export to Prometheus.</summary>
public sealed class ProductModerationMetrics
{
    private readonly Counter<long> _moderated;

    public ProductModerationMetrics(IMeterFactory meters) =>
        _moderated = MarketplaceMeter.Create(meters).CreateCounter<long>("marketplace.products.moderated",
            description: "Product moderation decisions, by status and by who decided (rules or operator); a rising share of blocks by the rules means sellers are probing them.");

    public void Decided(ProductModeration decision) =>
        _moderated.Add(1, new KeyValuePair<string, object?>("status", decision.Status.ToString()),
            new KeyValuePair<string, object?>("decided_by", decision.DecidedBy));
}
