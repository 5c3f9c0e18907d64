using Marketplace.Common;
using Marketplace.Reviews;
using Marketplace.Reviews.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Reviews;

/// <summary>Receives one review's events (implicit subscription; key = the review id).</summary>
public interface IReviewRatingFeed : IGrainWithStringKey;

/// <summary>
/// The rating worker of the original design: tells the product's rating how each review now stands. Only a published
/// review counts; a pending edit, a rejection or a removal takes it out until it is published again.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Reviews)]
public sealed class ReviewRatingFeed : Grain, IReviewRatingFeed, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => envelope.Data switch
        {
            ReviewPublished e => Rating(e.ProductId).Apply(e.ReviewId, e.Revision, e.Stars),
            ReviewSubmitted e => Rating(e.ProductId).Apply(e.ReviewId, e.Revision, null),
            ReviewRejected e => Rating(e.ProductId).Apply(e.ReviewId, e.Revision, null),
            ReviewRemoved e => Rating(e.ProductId).Apply(e.ReviewId, e.Revision, null),
            _ => Task.CompletedTask,
        });

    private IProductRatingGrain Rating(Guid productId) => GrainFactory.GetGrain<IProductRatingGrain>(productId);
}
