using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.Ordering;
using Marketplace.Reviews;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Reviews;

/// <summary>
/// The shell of one shopper's review of one product (<see cref="ReviewCore"/> decides), kept in the reviews store.
/// Every change is saved with its event in the record's outbox (<see cref="AggregateGrain"/>) and published after;
/// moderation, the product's rating and its review list follow from the events. An event carries the version its save
/// gives the record (the store adds one per save).
/// </summary>
public sealed class ReviewGrain(IReviewStore store, ReviewsMetrics metrics, TimeProvider clock, OutboxRuntime outbox, ILogger<ReviewGrain> logger)
    : AggregateGrain(outbox), IReviewGrain
{
    private ReviewRecord? _record;
    private ReviewRecord? _saving;

    private Guid ReviewId => this.GetPrimaryKey();

    protected override EventOutbox Outbox => (_saving ?? _record)?.Outbox ?? new EventOutbox();

    // Every save bumps the record's version, which is the review's ETag and moderation's revision: only a change may.
    protected override bool RecordsDeliveries => false;

    protected override async Task WriteStateAsync()
    {
        var record = _saving ?? throw new InvalidOperationException($"Review {ReviewId} saves only a change.");
        try
        {
            await store.Save(record);
        }
        catch (ReviewRecordConflictException)
        {
            throw new ConflictException("The review was changed at the same time; read it again and retry.");
        }
        _record = record;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _record = await store.Find(ReviewId, cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<ReviewView> Submit(Guid authorId, Guid productId, ReviewDraft draft)
    {
        var received = _record is null or { Status: ReviewStatus.Removed }
                       && (await GrainFactory.GetGrain<IPurchaseHistoryGrain>(0).Find(authorId, productId))?.Status == PurchaseStatus.Received;
        return (await Handle(new SubmitReview(authorId, productId, draft, received, clock.GetUtcNow())))!;
    }

    public async Task<ReviewView> Edit(Guid authorId, long expectedVersion, ReviewDraft draft) =>
        (await Handle(new EditReview(authorId, expectedVersion, draft, clock.GetUtcNow())))!;

    public async Task<ReviewView> Remove(Guid authorId) => (await Handle(new RemoveReview(authorId, clock.GetUtcNow())))!;

    public Task<ReviewView> GetFor(Guid authorId) => Task.FromResult(ReviewCore.Owned(_record, authorId).ToView());

    public Task ApplyVerdict(long revision, ModerationVerdict verdict) => Handle(new JudgeReview(revision, verdict, clock.GetUtcNow()));

    public async Task<ReviewView> Approve(Guid operatorId)
    {
        var view = (await Handle(new ApproveReview(clock.GetUtcNow())))!;
        logger.LogInformation("Operator {OperatorId} approved review {ReviewId}", operatorId, ReviewId);
        return view;
    }

    public async Task<ReviewView> Reject(Guid operatorId, string reason)
    {
        var view = (await Handle(new RejectReview(reason, clock.GetUtcNow())))!;
        logger.LogInformation("Operator {OperatorId} rejected review {ReviewId}", operatorId, ReviewId);
        return view;
    }

    /// <summary>
    /// Decides, then stores the changed copy with its event and makes it current; a lost race sends the caller to read
    /// again, and this activation away (<see cref="AggregateGrain"/>). A repeat that decides nothing answers the review as it
    /// is (null: there is none, only a verdict about nothing may get that far).
    /// </summary>
    private async Task<ReviewView?> Handle(ReviewCommand command)
    {
        foreach (var happened in ReviewCore.Decide(_record, ReviewId, command))
        {
            _saving = ReviewCore.Apply(_record, ReviewId, happened);
            try
            {
                if (ReviewCore.Announcement(_saving, happened) is { } announced)
                {
                    Raise(StreamNames.Reviews, ReviewId.ToString(), announced);
                }
                await Commit();
            }
            finally
            {
                _saving = null;
            }
            Count(happened);
        }
        return _record?.ToView();
    }

    private void Count(ReviewEvent happened)
    {
        switch (happened)
        {
            case ReviewWritten:
                metrics.Submitted();
                break;
            case ReviewDecided decided:
                metrics.Moderated(decided.Verdict.Outcome, decided.DecidedBy);
                break;
        }
    }
}
