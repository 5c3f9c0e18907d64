namespace Marketplace.Reviews;

/// <summary>
/// A product's rating (key: product id), counted from its list of published reviews (the <c>reviews_by_product</c>
/// table), where each review has one row with its latest stars: an edit moves the average, a removal takes the review
/// out, and a redelivered or late event, which leaves the row as it was, changes nothing. The rating keeps only the
/// counts, however many reviews the product gets.
/// </summary>
public interface IProductRatingGrain : IGrainWithGuidKey
{
    /// <summary>Read on every product page: reads run side by side.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ProductRating> Get();

    /// <summary>Counts the product's listed reviews again, after a change to its review list, and announces a changed rating.</summary>
    Task Recount();
}

/// <summary>A product's published reviews: how many, their average stars rounded to two decimals (0 without reviews), and how many per star.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductRating(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] int Count,
    [property: Id(2)] decimal Average,
    [property: Id(3)] RatingHistogram Histogram);

[GenerateSerializer, Immutable]
public sealed record RatingHistogram(
    [property: Id(0)] int OneStar,
    [property: Id(1)] int TwoStars,
    [property: Id(2)] int ThreeStars,
    [property: Id(3)] int FourStars,
    [property: Id(4)] int FiveStars)
{
    public static RatingHistogram Of(IReadOnlyList<int> countsByStar) =>
        new(countsByStar[0], countsByStar[1], countsByStar[2], countsByStar[3], countsByStar[4]);
}
