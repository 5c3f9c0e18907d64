using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Reviews;
using Marketplace.Reviews.Events;

namespace Marketplace.Grains.Reviews;

/// <summary>
/// A product's rating in the ratings store: the standing of every review it has heard of (its latest revision and,
/// when counted, its stars) and the counts per star that follow from them.
/// </summary>
public sealed class ProductRatingGrain(
    [PersistentState("rating", StorageNames.Ratings)] IPersistentState<ProductRatingGrain.RatingState> state)
    : Grain, IProductRatingGrain
{
    private RatingState State => state.State;

    private Guid ProductId => this.GetPrimaryKey();

    public Task<ProductRating> Get() => Task.FromResult(Rating());

    public async Task Apply(Guid reviewId, long revision, int? stars)
    {
        if (stars is < ReviewLimits.MinStars or > ReviewLimits.MaxStars)
        {
            throw new ArgumentOutOfRangeException(nameof(stars), stars, "A counted review has 1 to 5 stars.");
        }
        var known = State.Reviews.TryGetValue(reviewId, out var standing);
        // An older revision is a redelivery or a late event; a review never counted needs no record of not counting.
        if (known ? revision <= standing!.Revision : stars is null)
        {
            return;
        }

        var before = standing?.Stars;
        State.Reviews[reviewId] = new ReviewStanding(revision, stars);
        if (before is { } counted)
        {
            State.CountsByStar[counted - 1]--;
        }
        if (stars is { } now)
        {
            State.CountsByStar[now - 1]++;
        }
        var changed = before != stars;
        if (changed)
        {
            State.Sequence++;
        }
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The counts in memory are ahead of the store: a fresh activation rereads them before the event is redelivered.
            DeactivateOnIdle();
            throw;
        }
        if (changed)
        {
            await this.PublishEventAsync(StreamNames.Reviews, ProductId.ToString(), new ProductRatingChanged(Rating(), State.Sequence));
        }
    }

    private ProductRating Rating()
    {
        var count = State.CountsByStar.Sum();
        var total = State.CountsByStar.Select((reviews, index) => reviews * (index + 1)).Sum();
        var average = count == 0 ? 0m : Math.Round((decimal)total / count, 2, MidpointRounding.AwayFromZero);
        return new ProductRating(ProductId, count, average, RatingHistogram.Of(State.CountsByStar));
    }

    [GenerateSerializer]
    public sealed class RatingState
    {
        [Id(0)] public Dictionary<Guid, ReviewStanding> Reviews { get; set; } = [];
        [Id(1)] public int[] CountsByStar { get; set; } = new int[ReviewLimits.MaxStars];
        [Id(2)] public long Sequence { get; set; }
    }

    /// <summary>A review's latest revision heard of, and its stars if that revision counts.</summary>
    [GenerateSerializer, Immutable]
    public sealed record ReviewStanding([property: Id(0)] long Revision, [property: Id(1)] int? Stars);
}
