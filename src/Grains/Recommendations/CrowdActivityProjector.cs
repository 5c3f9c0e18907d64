using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Recommendations;
using Marketplace.Recommendations.Events;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Recommendations;

/// <summary>Receives one shopper's activity (implicit subscription; key = the shopper id).</summary>
public interface ICrowdActivityProjector : IGrainWithGuidKey;

/// <summary>
/// Adds one shopper's activity to what everybody's activity builds: the popular feeds (overall, the product's
/// category and its ancestors) and the bought-together counts. Holds nothing; the aggregates dedupe.
/// </summary>
[ImplicitStreamSubscription(StreamNames.UserActivity)]
public sealed class CrowdActivityProjector(IOptions<RecommendationsOptions> options) : Grain, ICrowdActivityProjector, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => Apply(envelope));

    private Task Apply(EventEnvelope envelope)
    {
        var weights = options.Value.Weights;
        return envelope.Data switch
        {
            ProductViewed viewed => CountPopularity(envelope.EventId, viewed.Product, weights.View),
            ProductAddedToCart added => CountPopularity(envelope.EventId, added.Product, weights.AddToCart),
            ProductsPurchased purchased => Task.WhenAll(purchased.Items.Select(item =>
                    // One event counts several products: each count gets its own id, derived so a redelivery repeats it.
                    CountPopularity(DeterministicGuid.Create(envelope.EventId, item.Product.ProductId.ToString("N")), item.Product, weights.Purchase))
                .Concat(purchased.Items.Select(item => GrainFactory.GetGrain<IAlsoBoughtGrain>(item.Product.ProductId)
                    .RecordOrder(purchased.OrderId, purchased.Items.Select(i => i.Product.ProductId).ToList())))),
            _ => Task.CompletedTask,
        };
    }

    private Task CountPopularity(Guid countId, ActivityProduct product, int weight) =>
        Task.WhenAll(Categories.SelfAndAncestors(product.Category).Select(PopularFeeds.ForCategory)
            .Append(PopularFeeds.Overall)
            .Select(feed => GrainFactory.GetGrain<IPopularProductsGrain>(feed).Record(countId, product.ProductId, weight)));
}
