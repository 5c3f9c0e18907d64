using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.Reviews.Events;

namespace Marketplace.Grains.Reviews.ReviewLists;

/// <summary>
/// Projects each review event into the review's row of the author's list and the held queue: the row is the review as
/// the reviews store holds it, at its version, which is at least the event's (the review saves before it publishes).
/// The events only say which review changed; what a list shows (created, updated, status and reason) is the record's.
/// </summary>
public sealed class ReviewListProjection(IReviewStore reviews, IReviewListStore store) : IReadModelProjection
{
    public string Name => "review-lists";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Reviews];

    public async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (ReviewOf(envelope.Data) is { } reviewId && await reviews.Find(reviewId, cancellationToken) is { } record)
        {
            await store.ApplyAsync(record.ToView(), replaceSameVersion: false, cancellationToken);
        }
    }

    private static Guid? ReviewOf(IDomainEvent happened) => happened switch
    {
        ReviewSubmitted e => e.ReviewId,
        ReviewPublished e => e.ReviewId,
        ReviewRejected e => e.ReviewId,
        ReviewHeld e => e.ReviewId,
        ReviewRemoved e => e.ReviewId,
        _ => null,
    };
}
