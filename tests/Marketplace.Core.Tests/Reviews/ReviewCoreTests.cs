using Marketplace.Common;
using Marketplace.Grains.Reviews;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.Reviews;
using Marketplace.Reviews.Events;

namespace Marketplace.Core.Tests.Reviews;

/// <summary>A review's decisions without a cluster or store: writing, editing by version, removing, moderation by revision.</summary>
public sealed class ReviewCoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid AuthorId = Guid.NewGuid();
    private static readonly Guid ProductId = Guid.NewGuid();
    private static readonly Guid ReviewId = ReviewIds.For(AuthorId, ProductId);
    private static readonly ReviewDraft Good = new(5, "  Boils a litre in two minutes.  ", Pros: "Fast", Cons: " ");

    /// <summary>Decides, applies and "saves" (the store's version bump), as the grain does; the announced events in order.</summary>
    private static List<IDomainEvent?> Run(ref ReviewRecord? record, ReviewCommand command)
    {
        var announced = new List<IDomainEvent?>();
        foreach (var happened in ReviewCore.Decide(record, ReviewId, command))
        {
            var changed = ReviewCore.Apply(record, ReviewId, happened);
            announced.Add(ReviewCore.Announcement(changed, happened));
            changed.Version++;
            record = changed;
        }
        return announced;
    }

    private static ReviewRecord Submitted()
    {
        ReviewRecord? record = null;
        Run(ref record, new SubmitReview(AuthorId, ProductId, Good, Received: true, Now));
        return record!;
    }

    [Fact]
    public void A_review_of_a_received_product_is_written_pending_and_announced_at_the_version_its_save_gives()
    {
        ReviewRecord? record = null;

        var submitted = Assert.IsType<ReviewSubmitted>(Assert.Single(Run(ref record, new SubmitReview(AuthorId, ProductId, Good, true, Now))));

        Assert.Equal((ReviewStatus.Pending, "Boils a litre in two minutes.", null, 1L), (record!.Status, record.Text, record.Cons, record.Version));
        Assert.Equal((1L, false), (submitted.Revision, submitted.Edited));
        Assert.Empty(Run(ref record, new SubmitReview(AuthorId, ProductId, Good with { Stars = 1 }, true, Now)));
    }

    [Fact]
    public void Writing_is_refused_without_a_received_purchase_for_someone_elses_id_and_for_invalid_fields()
    {
        ReviewRecord? record = null;
        Assert.Throws<ForbiddenException>(() => Run(ref record, new SubmitReview(AuthorId, ProductId, Good, Received: false, Now)));
        Assert.Throws<ArgumentException>(() => Run(ref record, new SubmitReview(Guid.NewGuid(), ProductId, Good, true, Now)));
        var invalid = Assert.Throws<ValidationException>(() => Run(ref record, new SubmitReview(AuthorId, ProductId, new ReviewDraft(0, "short"), true, Now)));
        Assert.Equal(["stars", "text"], invalid.Errors.Keys.Order());
    }

    [Fact]
    public void A_verdict_counts_only_for_the_pending_revision_it_judged()
    {
        ReviewRecord? record = Submitted();
        Assert.Empty(Run(ref record, new JudgeReview(2, ModerationVerdict.Publish, Now)));

        var published = Assert.IsType<ReviewPublished>(Assert.Single(Run(ref record, new JudgeReview(1, ModerationVerdict.Publish, Now.AddMinutes(1)))));

        Assert.Equal((2L, Now.AddMinutes(1)), (published.Revision, published.PublishedAt));
        Assert.Equal(ReviewStatus.Published, record!.Status);
        Assert.Empty(Run(ref record, new JudgeReview(1, new ModerationVerdict(ModerationOutcome.Reject, "Late."), Now)));
    }

    [Fact]
    public void A_hold_is_announced_for_the_operators_queue_and_an_operator_publishes_or_rejects_it()
    {
        ReviewRecord? record = Submitted();

        var held = Assert.IsType<ReviewHeld>(Assert.Single(Run(ref record, new JudgeReview(1, new ModerationVerdict(ModerationOutcome.Hold, "Shorter than 3 words."), Now))));
        Assert.Equal(("Shorter than 3 words.", 2L), (held.Reason, held.Revision));
        Assert.Equal((ReviewStatus.Held, "Shorter than 3 words."), (record!.Status, record.StatusReason));
        Assert.Throws<ValidationException>(() => Run(ref record, new RejectReview(" ", Now)));
        var rejected = Assert.IsType<ReviewRejected>(Assert.Single(Run(ref record, new RejectReview(" Off topic. ", Now))));
        Assert.Equal(("Off topic.", ReviewCore.DecidedByOperator, 3L), (rejected.Reason, rejected.DecidedBy, rejected.Revision));
        Assert.Throws<ConflictException>(() => Run(ref record, new ApproveReview(Now)));
        Assert.Throws<ConflictException>(() => Run(ref record, new RejectReview("Again.", Now)));
    }

    [Fact]
    public void An_edit_needs_the_current_version_and_goes_back_to_moderation()
    {
        ReviewRecord? record = Submitted();
        Run(ref record, new JudgeReview(1, ModerationVerdict.Publish, Now));
        Assert.Throws<VersionMismatchException>(() => Run(ref record, new EditReview(AuthorId, 1, Good, Now)));
        Assert.Throws<NotFoundException>(() => Run(ref record, new EditReview(Guid.NewGuid(), 2, Good, Now)));

        var edited = Assert.IsType<ReviewSubmitted>(Assert.Single(Run(ref record, new EditReview(AuthorId, 2, Good with { Stars = 2 }, Now))));

        Assert.Equal((true, 3L, 2), (edited.Edited, edited.Revision, edited.Stars));
        Assert.Equal((ReviewStatus.Pending, Now), (record!.Status, record.PublishedAt));
    }

    [Fact]
    public void A_removal_counts_once_hides_the_review_from_its_author_and_a_new_review_starts_afresh()
    {
        ReviewRecord? record = Submitted();
        Run(ref record, new JudgeReview(1, ModerationVerdict.Publish, Now));
        Assert.Throws<NotFoundException>(() => Run(ref record, new RemoveReview(Guid.NewGuid(), Now)));

        Assert.IsType<ReviewRemoved>(Assert.Single(Run(ref record, new RemoveReview(AuthorId, Now))));
        Assert.Empty(Run(ref record, new RemoveReview(AuthorId, Now)));
        Assert.Throws<NotFoundException>(() => ReviewCore.Owned(record, AuthorId));
        Assert.Throws<ConflictException>(() => Run(ref record, new ApproveReview(Now)));

        Assert.Single(Run(ref record, new SubmitReview(AuthorId, ProductId, Good, true, Now.AddDays(1))));
        Assert.Equal((ReviewStatus.Pending, Now.AddDays(1), (DateTimeOffset?)null, 4L), (record!.Status, record.CreatedAt, record.PublishedAt, record.Version));
    }

    [Fact]
    public void Applying_never_changes_the_stored_record_in_place()
    {
        var stored = Submitted();
        var text = stored.Text;

        var changed = ReviewCore.Apply(stored, ReviewId, new ReviewWritten(ProductId, AuthorId, new ReviewDraft(1, "Something else entirely."), true, Now));

        Assert.Equal((text, ReviewStatus.Pending), (stored.Text, stored.Status));
        Assert.NotSame(stored, changed);
    }
}
