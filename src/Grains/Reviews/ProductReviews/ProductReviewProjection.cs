using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Reviews.ProductReviews;

/// <summary>
/// Projects the reviews stream into each product's list of published reviews, ordered by the review's version, and
/// has the product's rating counted again from the list. The recount follows every delivery, including one whose row
/// was already written (a redelivery after the rating failed), and changes nothing when the counts stand.
/// </summary>
public sealed class ProductReviewProjection(IProductReviewStore store, IRatingRecounts ratings) : IReadModelProjection
{
    public string Name => "product-reviews";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Reviews];

    public async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (ProductReviewRow.Of(envelope.Data) is { } row)
        {
            await store.ApplyAsync(row, replaceSameVersion: false, cancellationToken);
            await ratings.RecountAsync(row.ProductId);
        }
    }
}
