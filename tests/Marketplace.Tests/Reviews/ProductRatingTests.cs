using Marketplace.Common;
using Marketplace.Grains.Reviews.ProductReviews;
using Marketplace.Reviews;
using Marketplace.Reviews.Events;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Marketplace.Tests.Reviews;

/// <summary>
/// The rating's arithmetic: reviews' events delivered to the review list's projection as the stream delivers them
/// (repeated, late), and the rating, counted from the list, read back by a fresh activation.
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class ProductRatingTests(InMemoryCluster fixture)
{
    private readonly Guid _productId = Guid.NewGuid();

    [Fact]
    public async Task Each_review_counts_once_with_its_latest_stars_whatever_the_delivery_order()
    {
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await Deliver(Published(a, 2, 5), Published(b, 2, 4), Published(c, 2, 4), Published(a, 2, 5)); // the last one redelivered
        var three = await RatingAfterDeactivation();
        Assert.Equal((3, 4.33m, new RatingHistogram(0, 0, 0, 2, 1)), (three.Count, three.Average, three.Histogram));

        await Deliver(
            Submitted(b, 3), // edited: pending again
            Published(b, 2, 4), // late, older revision
            Published(b, 4, 1), // the edit published
            Removed(c, 3),
            Removed(c, 3)); // redelivered
        var moved = await RatingAfterDeactivation();
        Assert.Equal((2, 3m, new RatingHistogram(1, 0, 0, 0, 1)), (moved.Count, moved.Average, moved.Histogram));

        await Deliver(Submitted(Guid.NewGuid(), 1)); // a review submitted, not published yet
        Assert.Equal(moved, await RatingAfterDeactivation());
    }

    [Fact]
    public async Task A_product_without_reviews_has_an_empty_rating()
    {
        Assert.Equal(new ProductRating(_productId, 0, 0m, new RatingHistogram(0, 0, 0, 0, 0)),
            await fixture.Grains.GetGrain<IProductRatingGrain>(_productId).Get());
    }

    private async Task Deliver(params IDomainEvent[] events)
    {
        var projection = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<ProductReviewProjection>();
        foreach (var happened in events)
        {
            await projection.ApplyAsync(EventEnvelope.Wrap(_productId.ToString(), happened, DateTimeOffset.UtcNow), CancellationToken.None);
        }
    }

    private async Task<ProductRating> RatingAfterDeactivation()
    {
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        return await fixture.Grains.GetGrain<IProductRatingGrain>(_productId).Get();
    }

    private ReviewPublished Published(Guid reviewId, long revision, int stars) =>
        new(reviewId, _productId, Guid.NewGuid(), stars, "good kettle", null, null, revision, DateTimeOffset.UtcNow);

    private ReviewSubmitted Submitted(Guid reviewId, long revision) =>
        new(reviewId, _productId, Guid.NewGuid(), 3, "still thinking", null, null, revision, Edited: revision > 1);

    private ReviewRemoved Removed(Guid reviewId, long revision) => new(reviewId, _productId, Guid.NewGuid(), revision);
}
