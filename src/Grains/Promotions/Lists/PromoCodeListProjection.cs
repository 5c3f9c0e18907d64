using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Promotions;
using Marketplace.Promotions.Events;
using Orleans.Concurrency;

namespace Marketplace.Grains.Promotions.Lists;

/// <summary>Projects a code's events into the operators' list, ordered by the code's revision.</summary>
public sealed class PromoCodeListProjection(IPromoCodeListStore store) : IReadModelProjection
{
    public string Name => "promo-code-list";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Promotions];

    public Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken) => envelope.Data switch
    {
        PromoCodeChanged e => store.ApplyAsync(e.Code, e.Revision, cancellationToken),
        PromoCodeReserved e => store.ApplyCountsAsync(e.Code, e.Redeemed, e.Reserved, e.Revision, cancellationToken),
        PromoCodeRedeemed e => store.ApplyCountsAsync(e.Code, e.Redeemed, e.Reserved, e.Revision, cancellationToken),
        PromoCodeReleased e => store.ApplyCountsAsync(e.Code, e.Redeemed, e.Reserved, e.Revision, cancellationToken),
        _ => Task.CompletedTask,
    };
}

/// <summary>Serves the operators' list from its table; any silo, as many activations as the load needs.</summary>
[StatelessWorker]
public sealed class PromoCodeListGrain(IPromoCodeListStore store) : Grain, IPromoCodeListGrain
{
    public Task<PagedList<PromoCodeView>> List(int page, int pageSize, string? after = null) => store.PageAsync(page, pageSize, after, CancellationToken.None);
}
