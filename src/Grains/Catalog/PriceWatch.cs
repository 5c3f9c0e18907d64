using Marketplace.Grains.Common;
using State = Marketplace.Grains.Catalog.ProductGrain.ProductState;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// The card's price watch, without I/O: one <see cref="ProductGrain.WatchPricesEffect"/> waits in the outbox for the next
/// moment a sale starts or ends, so the card announces its new prices then, until no sale is left to start or end.
/// </summary>
public static class PriceWatch
{
    /// <summary>The longest the watch waits in the outbox at a time (reminders take due times of weeks badly; a daily look is cheap).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    /// <summary>Whether the card's prices move again later and no watch waits for it yet.</summary>
    public static bool Needed(State card) =>
        SaleRules.NextBoundary(card.Sales, card.PricesAsOf) is not null
        && !card.Outbox.Pending.Any(m => m is OutboxEffect { Effect: ProductGrain.WatchPricesEffect });

    /// <summary>
    /// The moment to announce prices at (<paramref name="now"/>, once a boundary has passed), or null when none is left;
    /// before the next boundary it throws <see cref="EffectNotDueException"/> so the outbox wakes the watch then.
    /// </summary>
    public static DateTimeOffset? CrossingAt(State card, DateTimeOffset now) =>
        SaleRules.NextBoundary(card.Sales, card.PricesAsOf) switch
        {
            null => null,
            { } due when now < due => throw new EffectNotDueException(due - now > MaxWait ? now + MaxWait : due),
            _ => now,
        };
}
