using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Reviews.ProductReviews;
using Marketplace.Reviews;
using Marketplace.Reviews.Events;

namespace Marketplace.Grains.Reviews;

/// <summary>
/// A product's rating in the ratings store: its counts per star as last counted from the product's review list, and
/// the sequence of the rating's announcements. What a review stands at lives in its row of the list, not here, so the
/// state is the same size for ten reviews as for a million.
/// </summary>
public sealed class ProductRatingGrain(
    [PersistentState("rating", StorageNames.Ratings)] IPersistentState<ProductRatingGrain.RatingState> state,
    IProductReviewStore reviews)
    : Grain, IProductRatingGrain
{
    private RatingState State => state.State;

    private Guid ProductId => this.GetPrimaryKey();

    public Task<ProductRating> Get() => Task.FromResult(Rating());

    public async Task Recount()
    {
        var counts = await reviews.CountByStarsAsync(ProductId, CancellationToken.None);
        if (counts.SequenceEqual(State.CountsByStar))
        {
            return;
        }
        State.CountsByStar = counts;
        State.Sequence++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The counts in memory are ahead of the store: a fresh activation rereads them before the change is counted again.
            DeactivateOnIdle();
            throw;
        }
        await this.PublishEventAsync(StreamNames.Reviews, ProductId.ToString(), new ProductRatingChanged(Rating(), State.Sequence));
    }

    private ProductRating Rating()
    {
        var count = State.CountsByStar.Sum();
        var total = State.CountsByStar.Select((reviews, index) => reviews * (index + 1)).Sum();
        var average = count == 0 ? 0m : Math.Round((decimal)total / count, 2, MidpointRounding.AwayFromZero);
        return new ProductRating(ProductId, count, average, RatingHistogram.Of(State.CountsByStar));
    }

    /// <summary>
    /// Member 0 (each review's standing, which grew with the reviews) is gone: rows written with it still load, the
    /// member skipped, and their counts are replaced at the product's next recount.
    /// </summary>
    [GenerateSerializer]
    public sealed class RatingState
    {
        [Id(1)] public int[] CountsByStar { get; set; } = new int[ReviewLimits.MaxStars];
        [Id(2)] public long Sequence { get; set; }
    }
}
