using System.Text.Json.Serialization;

namespace Marketplace.Reviews;

/// <summary>
/// One shopper's review of one product (key: <see cref="ReviewIds.For"/>). Every submission or edit is Pending until
/// the moderation that listens to its <c>ReviewSubmitted</c> event publishes, rejects or holds it.
/// </summary>
public interface IReviewGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Writes the review as Pending. Only a shopper who received the product may (ForbiddenException otherwise).
    /// Idempotent: while the review exists, repeating the call returns it unchanged (edits go through <see cref="Edit"/>).
    /// </summary>
    Task<ReviewView> Submit(Guid authorId, Guid productId, ReviewDraft draft);

    /// <summary>Replaces the text and stars and sends the review back to moderation; VersionMismatchException when <paramref name="expectedVersion"/> is stale.</summary>
    Task<ReviewView> Edit(Guid authorId, long expectedVersion, ReviewDraft draft);

    /// <summary>The author deletes the review; it leaves the product and its rating. Repeating it is harmless.</summary>
    Task<ReviewView> Remove(Guid authorId);

    /// <summary>The review for its author, whatever its status; NotFoundException for anybody else, so ids cannot be probed.</summary>
    Task<ReviewView> GetFor(Guid authorId);

    /// <summary>
    /// The automatic moderation's verdict on the content it read at <paramref name="revision"/>; ignored when the review
    /// has moved on since (edited, decided by an operator), so a redelivered or late verdict changes nothing.
    /// </summary>
    Task ApplyVerdict(long revision, ModerationVerdict verdict);

    /// <summary>An operator publishes a pending or held review. ConflictException in any other status.</summary>
    Task<ReviewView> Approve(Guid operatorId);

    /// <summary>An operator rejects a pending, held or published review with a reason the author reads.</summary>
    Task<ReviewView> Reject(Guid operatorId, string reason);
}

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<ModerationOutcome>))]
public enum ModerationOutcome
{
    Publish,
    Reject,

    /// <summary>Unsure: an operator decides.</summary>
    Hold,
}

/// <summary>What moderation decided and, for a rejection or a hold, why.</summary>
[GenerateSerializer, Immutable]
public sealed record ModerationVerdict(
    [property: Id(0)] ModerationOutcome Outcome,
    [property: Id(1)] string? Reason = null)
{
    public static ModerationVerdict Publish { get; } = new(ModerationOutcome.Publish);
}
