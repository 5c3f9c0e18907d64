using Marketplace.Reviews;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Reviews;

/// <summary>The rating's arithmetic, fed directly as the rating feed feeds it.</summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class ProductRatingTests(InMemoryCluster fixture)
{
    [Fact]
    public async Task Each_review_counts_once_with_its_latest_stars_whatever_the_delivery_order()
    {
        var rating = fixture.Grains.GetGrain<IProductRatingGrain>(Guid.NewGuid());
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        await rating.Apply(a, 2, 5);
        await rating.Apply(b, 2, 4);
        await rating.Apply(c, 2, 4);
        await rating.Apply(a, 2, 5); // redelivered
        var three = await rating.Get();
        Assert.Equal((3, 4.33m, new RatingHistogram(0, 0, 0, 2, 1)), (three.Count, three.Average, three.Histogram));

        await rating.Apply(b, 3, null); // edited: pending again
        await rating.Apply(b, 2, 4); // late, older revision
        await rating.Apply(b, 4, 1); // the edit published
        await rating.Apply(c, 3, null); // removed
        await rating.Apply(c, 3, null); // redelivered
        var moved = await rating.Get();
        Assert.Equal((2, 3m, new RatingHistogram(1, 0, 0, 0, 1)), (moved.Count, moved.Average, moved.Histogram));

        await rating.Apply(Guid.NewGuid(), 1, null); // a review submitted, not published yet
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => rating.Apply(Guid.NewGuid(), 1, 6));
        Assert.Equal(moved, await rating.Get());
    }

    [Fact]
    public async Task A_product_without_reviews_has_an_empty_rating()
    {
        var productId = Guid.NewGuid();
        Assert.Equal(new ProductRating(productId, 0, 0m, new RatingHistogram(0, 0, 0, 0, 0)),
            await fixture.Grains.GetGrain<IProductRatingGrain>(productId).Get());
    }
}
