using Marketplace.Common;

namespace Marketplace.Reviews.Events;

/// <summary>
/// Published on stream (<see cref="StreamNames.Reviews"/>, review id) whenever a shopper writes or edits a review:
/// it goes to moderation. <see cref="Revision"/> is the review's version; a verdict is about that revision only.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReviewSubmitted(
    [property: Id(0)] Guid ReviewId,
    [property: Id(1)] Guid ProductId,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] int Stars,
    [property: Id(4)] string Text,
    [property: Id(5)] string? Pros,
    [property: Id(6)] string? Cons,
    [property: Id(7)] long Revision,
    [property: Id(8)] bool Edited) : IDomainEvent;

/// <summary>The review is visible on the product and counts in its rating with <see cref="Stars"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ReviewPublished(
    [property: Id(0)] Guid ReviewId,
    [property: Id(1)] Guid ProductId,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] int Stars,
    [property: Id(4)] string Text,
    [property: Id(5)] string? Pros,
    [property: Id(6)] string? Cons,
    [property: Id(7)] long Revision,
    [property: Id(8)] DateTimeOffset PublishedAt) : IDomainEvent;

/// <summary>Moderation (<see cref="DecidedBy"/>: "rules" or "operator") refused the review; <see cref="Reason"/> is what its author reads.</summary>
[GenerateSerializer, Immutable]
public sealed record ReviewRejected(
    [property: Id(0)] Guid ReviewId,
    [property: Id(1)] Guid ProductId,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] string Reason,
    [property: Id(4)] string DecidedBy,
    [property: Id(5)] long Revision) : IDomainEvent;

/// <summary>
/// Moderation was unsure of the revision and holds it for an operator (<see cref="Reason"/> says why); the review
/// stays invisible and waits in the operators' queue.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReviewHeld(
    [property: Id(0)] Guid ReviewId,
    [property: Id(1)] Guid ProductId,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] string Reason,
    [property: Id(4)] long Revision) : IDomainEvent;

/// <summary>The author deleted the review.</summary>
[GenerateSerializer, Immutable]
public sealed record ReviewRemoved(
    [property: Id(0)] Guid ReviewId,
    [property: Id(1)] Guid ProductId,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] long Revision) : IDomainEvent;

/// <summary>
/// Published on stream (<see cref="StreamNames.Reviews"/>, product id) when a product's rating changes, for search and
/// analytics. <see cref="Sequence"/> grows with every change of one product's rating: keep the highest.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductRatingChanged(
    [property: Id(0)] ProductRating Rating,
    [property: Id(1)] long Sequence) : IDomainEvent;
