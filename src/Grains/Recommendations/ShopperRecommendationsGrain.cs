using Marketplace.Common;
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
    private IReadOnlyList<Recommendation>? _ranked;
    private DateTimeOffset _rankedAt;

    private Guid ShopperId => this.GetPrimaryKey();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => Apply(envelope));

    public async Task<RecommendationPage> Recommend(int page, int pageSize)
    {
        Paging.Validate(page, pageSize);
        var interests = state.State.Affinity.ToInterests();
        if (interests.IsEmpty)
        {
            return await BaseFeed(page, pageSize, FallbackReason.NoHistory);
        }
        if (_ranked is null || clock.GetUtcNow() - _rankedAt > options.Value.RankingLifetime)
        {
            try
            {
                _ranked = await Rank(interests);
                _rankedAt = clock.GetUtcNow();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Personal ranking of shopper {ShopperId} failed; serving the base feed", ShopperId);
                return await BaseFeed(page, pageSize, FallbackReason.PersonalUnavailable);
            }
        }
        return _ranked.Count == 0
            ? await BaseFeed(page, pageSize, FallbackReason.NoHistory)
            : Paging.PageOf(_ranked, page, pageSize, RecommendationSource.Personal);
    }

    public Task<ShopperInterests> GetInterests() => Task.FromResult(state.State.Affinity.ToInterests());

    private async Task<IReadOnlyList<Recommendation>> Rank(ShopperInterests interests)
    {
        using var deadline = new CancellationTokenSource(options.Value.RankingTimeout);
        var bought = await Bought().WaitAsync(deadline.Token);
        return await ranker.RankAsync(interests, bought, deadline.Token).WaitAsync(deadline.Token);
    }

    private Task<IReadOnlySet<Guid>> Bought() => Task.FromResult<IReadOnlySet<Guid>>(new HashSet<Guid>());

    private async Task<RecommendationPage> BaseFeed(int page, int pageSize, FallbackReason reason) =>
        await GrainFactory.GetGrain<IPopularProductsGrain>(PopularFeeds.Overall).Top(page, pageSize) with { Fallback = reason };

    private async Task Apply(EventEnvelope envelope)
    {
        if (!state.State.Handled.TryAdd(envelope.EventId, options.Value.RememberedEvents)
            || !state.State.Affinity.Learn(envelope.Data, options.Value))
        {
            return;
        }
        _ranked = null;
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

    [GenerateSerializer]
    public sealed class AffinityState
    {
        [Id(0)] public ShopperAffinity Affinity { get; set; } = new();
        [Id(1)] public RecentIds Handled { get; set; } = new();
    }
}
