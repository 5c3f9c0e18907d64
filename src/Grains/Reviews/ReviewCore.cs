using Marketplace.Common;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.Reviews;
using Marketplace.Reviews.Events;

namespace Marketplace.Grains.Reviews;

/// <summary>What may be asked of one shopper's review of one product.</summary>
public abstract record ReviewCommand;

/// <param name="Received">Whether ordering says the author received the product (read by the grain first).</param>
public sealed record SubmitReview(Guid AuthorId, Guid ProductId, ReviewDraft Draft, bool Received, DateTimeOffset At) : ReviewCommand;

public sealed record EditReview(Guid AuthorId, long ExpectedVersion, ReviewDraft Draft, DateTimeOffset At) : ReviewCommand;

public sealed record RemoveReview(Guid AuthorId, DateTimeOffset At) : ReviewCommand;

/// <summary>The rules' verdict on <see cref="Revision"/>.</summary>
public sealed record JudgeReview(long Revision, ModerationVerdict Verdict, DateTimeOffset At) : ReviewCommand;

public sealed record ApproveReview(DateTimeOffset At) : ReviewCommand;

public sealed record RejectReview(string Reason, DateTimeOffset At) : ReviewCommand;

/// <summary>What happened to the review; each is one save, so one new version.</summary>
public abstract record ReviewEvent(DateTimeOffset At);

/// <summary>Written (<see cref="Edited"/>: again): pending until moderation decides.</summary>
public sealed record ReviewWritten(Guid ProductId, Guid AuthorId, ReviewDraft Content, bool Edited, DateTimeOffset At) : ReviewEvent(At);

public sealed record ReviewDecided(ModerationVerdict Verdict, string DecidedBy, DateTimeOffset At) : ReviewEvent(At);

public sealed record ReviewWithdrawn(DateTimeOffset At) : ReviewEvent(At);

/// <summary>
/// The review's rules, without I/O: one review per shopper and product, only by a shopper who received it; every
/// write and edit is pending until moderation; a verdict counts only for the pending revision it judged; operators
/// publish pending or held reviews and reject pending, held or published ones. The state is the stored record, which
/// <see cref="Apply"/> never changes in place (a failed save must leave it as stored).
/// </summary>
public static class ReviewCore
{
    public const string DecidedByRules = "rules";
    public const string DecidedByOperator = "operator";

    public static IReadOnlyList<ReviewEvent> Decide(ReviewRecord? record, Guid reviewId, ReviewCommand command) => command switch
    {
        SubmitReview c => Submit(record, reviewId, c),
        EditReview c => Edit(Owned(record, c.AuthorId), c),
        RemoveReview c => (record is { } found && found.AuthorId == c.AuthorId ? found : throw NotFound()).Status == ReviewStatus.Removed
            ? []
            : [new ReviewWithdrawn(c.At)],
        JudgeReview c => record is { Status: ReviewStatus.Pending } && record.Version == c.Revision ? [new ReviewDecided(c.Verdict, DecidedByRules, c.At)] : [],
        ApproveReview c => (record ?? throw NotFound()).Status is ReviewStatus.Pending or ReviewStatus.Held
            ? [new ReviewDecided(ModerationVerdict.Publish, DecidedByOperator, c.At)]
            : throw new ConflictException($"Only a pending or held review can be approved; this one is {record.Status}."),
        RejectReview c => Reject(record, c),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a review command."),
    };

    /// <summary>The record as the event leaves it: a changed copy, to be saved (the store then bumps its version).</summary>
    public static ReviewRecord Apply(ReviewRecord? current, Guid reviewId, ReviewEvent happened)
    {
        var record = happened is ReviewWritten { Edited: false } first
            ? current?.Copy() ?? new ReviewRecord { ReviewId = reviewId, ProductId = first.ProductId, AuthorId = first.AuthorId, CreatedAt = first.At }
            : current!.Copy();
        record.UpdatedAt = happened.At;
        switch (happened)
        {
            case ReviewWritten written:
                if (!written.Edited)
                {
                    // A review written again after its removal starts afresh.
                    (record.CreatedAt, record.PublishedAt) = (written.At, null);
                }
                (record.Stars, record.Text, record.Pros, record.Cons) = (written.Content.Stars, written.Content.Text!, written.Content.Pros, written.Content.Cons);
                (record.Status, record.StatusReason) = (ReviewStatus.Pending, null);
                break;
            case ReviewDecided decided:
                record.Status = decided.Verdict.Outcome switch
                {
                    ModerationOutcome.Publish => ReviewStatus.Published,
                    ModerationOutcome.Reject => ReviewStatus.Rejected,
                    _ => ReviewStatus.Held,
                };
                record.StatusReason = decided.Verdict.Outcome == ModerationOutcome.Publish ? null : decided.Verdict.Reason;
                record.PublishedAt = decided.Verdict.Outcome == ModerationOutcome.Publish ? decided.At : record.PublishedAt;
                break;
            case ReviewWithdrawn:
                (record.Status, record.StatusReason) = (ReviewStatus.Removed, null);
                break;
        }
        return record;
    }

    /// <summary>The published event of a change, carrying the version its save gives the record.</summary>
    public static IDomainEvent? Announcement(ReviewRecord changed, ReviewEvent happened)
    {
        var version = changed.Version + 1;
        return happened switch
        {
            ReviewWritten written => new ReviewSubmitted(changed.ReviewId, changed.ProductId, changed.AuthorId, changed.Stars, changed.Text,
                changed.Pros, changed.Cons, version, written.Edited),
            ReviewDecided { Verdict.Outcome: ModerationOutcome.Publish } => new ReviewPublished(changed.ReviewId, changed.ProductId, changed.AuthorId,
                changed.Stars, changed.Text, changed.Pros, changed.Cons, version, changed.PublishedAt!.Value),
            ReviewDecided { Verdict.Outcome: ModerationOutcome.Reject } decided => new ReviewRejected(changed.ReviewId, changed.ProductId,
                changed.AuthorId, changed.StatusReason!, decided.DecidedBy, version),
            ReviewDecided => new ReviewHeld(changed.ReviewId, changed.ProductId, changed.AuthorId, changed.StatusReason!, version),
            ReviewWithdrawn => new ReviewRemoved(changed.ReviewId, changed.ProductId, changed.AuthorId, version),
            _ => null,
        };
    }

    /// <summary>The author's review, unless removed.</summary>
    public static ReviewRecord Owned(ReviewRecord? record, Guid authorId) =>
        record is { Status: not ReviewStatus.Removed } && record.AuthorId == authorId ? record : throw NotFound();

    private static IReadOnlyList<ReviewEvent> Submit(ReviewRecord? record, Guid reviewId, SubmitReview c)
    {
        if (ReviewIds.For(c.AuthorId, c.ProductId) != reviewId)
        {
            throw new ArgumentException($"Review {reviewId} is not the review of author {c.AuthorId} on product {c.ProductId}.");
        }
        var content = ReviewValidation.Validated(c.Draft);
        if (record is { Status: not ReviewStatus.Removed })
        {
            return [];
        }
        return c.Received
            ? [new ReviewWritten(c.ProductId, c.AuthorId, content, Edited: false, c.At)]
            : throw new ForbiddenException("Only a shopper who has received this product can review it.");
    }

    private static IReadOnlyList<ReviewEvent> Edit(ReviewRecord record, EditReview c)
    {
        var content = ReviewValidation.Validated(c.Draft);
        return record.Version == c.ExpectedVersion
            ? [new ReviewWritten(record.ProductId, record.AuthorId, content, Edited: true, c.At)]
            : throw new VersionMismatchException(c.ExpectedVersion, record.Version);
    }

    private static IReadOnlyList<ReviewEvent> Reject(ReviewRecord? record, RejectReview c)
    {
        var verdict = new ModerationVerdict(ModerationOutcome.Reject, ReviewValidation.Reason(c.Reason));
        return (record ?? throw NotFound()).Status is ReviewStatus.Pending or ReviewStatus.Held or ReviewStatus.Published
            ? [new ReviewDecided(verdict, DecidedByOperator, c.At)]
            : throw new ConflictException($"Only a pending, held or published review can be rejected; this one is {record.Status}.");
    }

    private static NotFoundException NotFound() => new("There is no such review.");
}
