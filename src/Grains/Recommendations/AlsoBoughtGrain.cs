using Marketplace.Common;
using Marketplace.Recommendations;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Recommendations;

/// <summary>
/// Co-purchase counts of one product: how many orders held it together with each other product, the strongest
/// <see cref="RecommendationsOptions.AlsoBoughtPairs"/> kept. Each order counts once.
/// </summary>
public sealed class AlsoBoughtGrain(
    [PersistentState("also-bought", StorageNames.Recommendations)] IPersistentState<AlsoBoughtGrain.CoPurchaseState> state,
    IOptions<RecommendationsOptions> options) : Grain, IAlsoBoughtGrain
{
    public async Task RecordOrder(Guid orderId, IReadOnlyList<Guid> boughtWith)
    {
        var self = this.GetPrimaryKey();
        var others = boughtWith.Where(id => id != self).Distinct().ToList();
        if (others.Count == 0 || !state.State.Orders.TryAdd(orderId, options.Value.RememberedEvents))
        {
            return;
        }
        foreach (var other in others)
        {
            state.State.Counts[other] = state.State.Counts.GetValueOrDefault(other) + 1;
        }
        foreach (var weakest in state.State.Counts.OrderByDescending(c => c.Value).Skip(options.Value.AlsoBoughtPairs).Select(c => c.Key).ToList())
        {
            state.State.Counts.Remove(weakest);
        }
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task<RecommendationPage> List(int page, int pageSize)
    {
        Paging.Validate(page, pageSize);
        var ranked = state.State.Counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).ToList();
        var onSale = await GrainFactory.OnSale(ranked.Select(c => c.Key));
        var orders = state.State.Counts;
        var items = onSale.Select(p => new Recommendation(p, new RecommendationReason(ReasonKind.BoughtTogether,
            orders[p.ProductId] == 1 ? "Bought together once" : $"Bought together {orders[p.ProductId]} times", this.GetPrimaryKey()))).ToList();
        return RecommendationPage.Of(items.ToPage(page, pageSize), RecommendationSource.BoughtTogether);
    }

    [GenerateSerializer]
    public sealed class CoPurchaseState
    {
        /// <summary>Orders that held this product and the other, per other product.</summary>
        [Id(0)] public Dictionary<Guid, int> Counts { get; set; } = [];
        [Id(1)] public RecentIds Orders { get; set; } = new();
    }
}
