using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Reviews.ProductReviews;

/// <summary>Projects the reviews stream into each product's list of published reviews, ordered by the review's version.</summary>
public sealed class ProductReviewProjection(IProductReviewStore store) : IReadModelProjection
{
    public string Name => "product-reviews";

    public Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken) =>
        ProductReviewRow.Of(envelope.Data) is { } row ? store.ApplyAsync(row, replaceSameVersion: false, cancellationToken) : Task.CompletedTask;
}

/// <summary>Receives one review's events (implicit subscription; key = the review's stream key).</summary>
public interface IProductReviewProjector : IGrainWithStringKey;

[ImplicitStreamSubscription(StreamNames.Reviews)]
public sealed class ProductReviewProjector(ProjectionDelivery delivery, ProductReviewProjection projection)
    : ProjectorGrain(delivery, projection), IProductReviewProjector;
