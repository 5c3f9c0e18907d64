using Marketplace.Catalog;
using Marketplace.Grains.Common;

namespace Marketplace.Grains.Catalog;

public sealed partial class ProductGrain
{
    /// <summary>What a product card stores: its content, standing, moderation, outbox, the stock last reported per variant and the seller's sales.</summary>
    [GenerateSerializer]
    public sealed class ProductState
    {
        [Id(0)] public Guid SellerId { get; set; }
        [Id(1)] public ProductDraft? Content { get; set; }
        [Id(2)] public ProductStatus Status { get; set; }
        [Id(3)] public long Version { get; set; }
        [Id(4)] public DateTimeOffset CreatedAt { get; set; }
        [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
        [Id(6)] public DateTimeOffset? PublishedAt { get; set; }
        [Id(7)] public bool SellerSuspended { get; set; }
        [Id(8)] public ProductModeration? Moderation { get; set; }

        /// <summary>The card's events, written with the change that raised them, until the stream has them.</summary>
        [Id(9)] public EventOutbox Outbox { get; set; } = new();

        /// <summary>Each variant's last reported availability, so a stock change is written with its event.</summary>
        [Id(10)] public List<VariantStock> Stock { get; set; } = [];

        /// <summary>The seller's sales that had not ended when last changed, soonest first.</summary>
        [Id(11)] public List<Sale> Sales { get; set; } = [];

        /// <summary>The moment the last announced prices are of; the price watch wakes at the next sale boundary after it.</summary>
        [Id(12)] public DateTimeOffset PricesAsOf { get; set; }
    }

    /// <summary>Announce the card's prices when the next sale starts or ends (waits in the outbox until then).</summary>
    [GenerateSerializer, Immutable]
    public sealed record WatchPricesEffect : IAggregateEffect;
}
