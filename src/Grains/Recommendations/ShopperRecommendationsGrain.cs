using Marketplace.Common;
using Marketplace.Ordering;
using Marketplace.Recommendations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Recommendations;

/// <summary>
/// The recommendation worker of one shopper: learns the shopper's affinities from their activity stream (each event
/// once) and serves a ranked list, ranked again after new activity or when it grows old. With no history, or when the
/// ranking fails or misses its deadline, the shopper gets the base feed, marked as such.
/// </summary>
[ImplicitStreamSubscription(StreamNames.UserActivity)]
public sealed class ShopperRecommendationsGrain(
    [PersistentState("affinity", StorageNames.Recommendations)] IPersistentState<ShopperRecommendationsGrain.AffinityState> state,
    IRecommendationRanker ranker,
    IOptions<RecommendationsOptions> options,
    TimeProvider clock,
    ILogger<ShopperRecommendationsGrain> logger) : Grain, IShopperRecommendationsGrain, IStreamSubscriptionObserver
{
    private Ranking? _ranking;

    private Guid ShopperId => this.GetPrimaryKey();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => Apply(envelope));

    public async Task<RecommendationPage> Recommend(int page, int pageSize)
    {
        Paging.Validate(page, pageSize);
        var interests = state.State.Affinity.ToInterests();
        if (interests.IsEmpty)
        {
            return await BaseFeed(page, pageSize, FallbackReason.NoHistory, bought: null);
        }
        if (_ranking is null || clock.GetUtcNow() - _ranking.At > options.Value.RankingLifetime)
        {
            try
            {
                _ranking = await Rank(interests);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Personal ranking of shopper {ShopperId} failed; serving the base feed", ShopperId);
                return await BaseFeed(page, pageSize, FallbackReason.PersonalUnavailable, bought: null);
            }
        }
        return _ranking.Items.Count == 0
            ? await BaseFeed(page, pageSize, FallbackReason.NoHistory, _ranking.Bought)
            : RecommendationPage.Of(_ranking.Items.ToPage(page, pageSize), RecommendationSource.Personal);
    }

    public Task<ShopperInterests> GetInterests() => Task.FromResult(state.State.Affinity.ToInterests());

    private async Task<Ranking> Rank(ShopperInterests interests)
    {
        using var deadline = new CancellationTokenSource(options.Value.RankingTimeout);
        var bought = await Bought().WaitAsync(deadline.Token);
        var ranked = await ranker.RankAsync(interests, bought, deadline.Token).WaitAsync(deadline.Token);
        return new Ranking(ranked, bought, clock.GetUtcNow());
    }

    private async Task<IReadOnlySet<Guid>> Bought()
    {
        var purchases = GrainFactory.GetGrain<IPurchaseHistoryGrain>(0);
        var bought = new HashSet<Guid>();
        string? after = null;
        do
        {
            var purchased = await purchases.List(ShopperId, 1, Paging.MaxPageSize, after);
            bought.UnionWith(purchased.Items.Select(p => p.ProductId));
            after = purchased.Next;
        }
        while (after is not null);
        return bought;
    }

    /// <summary>The overall feed without what the shopper bought, when that is known (the whole feed fits one read).</summary>
    private async Task<RecommendationPage> BaseFeed(int page, int pageSize, FallbackReason reason, IReadOnlySet<Guid>? bought)
    {
        var feed = await GrainFactory.GetGrain<IPopularProductsGrain>(PopularFeeds.Overall).Top(1, Paging.MaxPageSize);
        var items = feed.Items.Where(r => bought?.Contains(r.Product.ProductId) != true);
        return RecommendationPage.Of(items.ToPage(page, pageSize), RecommendationSource.Popular) with { Fallback = reason };
    }

    private async Task Apply(EventEnvelope envelope)
    {
        if (!state.State.Handled.TryAdd(envelope.EventId, options.Value.RememberedEvents)
            || !state.State.Affinity.Learn(envelope.Data, options.Value))
        {
            return;
        }
        _ranking = null;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, so not handled: start over from the store and let the redelivery apply it.
            DeactivateOnIdle();
            throw;
        }
    }

    private sealed record Ranking(IReadOnlyList<Recommendation> Items, IReadOnlySet<Guid> Bought, DateTimeOffset At);

    [GenerateSerializer]
    public sealed class AffinityState
    {
        [Id(0)] public ShopperAffinity Affinity { get; set; } = new();
        [Id(1)] public RecentIds Handled { get; set; } = new();
    }
}
