using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.Ordering;
using Marketplace.Reviews;
using Marketplace.Reviews.Events;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Reviews;

/// <summary>
/// One shopper's review of one product, kept in the reviews store. Every change is saved with its event in the
/// record's outbox (<see cref="AggregateGrain"/>) and published after; moderation and the product's rating follow
/// from the events. An event carries the version its save gives the record (the store adds one per save).
/// </summary>
public sealed class ReviewGrain(IReviewStore store, ReviewsMetrics metrics, TimeProvider clock, OutboxRuntime outbox, ILogger<ReviewGrain> logger)
    : AggregateGrain(outbox), IReviewGrain
{
    private const string DecidedByRules = "rules";
    private const string DecidedByOperator = "operator";
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
        if (ReviewIds.For(authorId, productId) != ReviewId)
        {
            throw new ArgumentException($"Review {ReviewId} is not the review of author {authorId} on product {productId}.");
        }
        var content = ReviewValidation.Validated(draft);
        if (_record is { Status: not ReviewStatus.Removed } existing)
        {
            return existing.ToView();
        }
        var purchase = await GrainFactory.GetGrain<IShopperPurchasesGrain>(authorId).Find(productId);
        if (purchase?.Status != PurchaseStatus.Received)
        {
            throw new ForbiddenException("Only a shopper who has received this product can review it.");
        }

        var now = clock.GetUtcNow();
        var record = _record?.Copy() ?? new ReviewRecord { ReviewId = ReviewId, ProductId = productId, AuthorId = authorId, CreatedAt = now };
        record.CreatedAt = now;
        record.PublishedAt = null;
        await SaveAsPending(record, content, now, edited: false);
        return record.ToView();
    }

    public async Task<ReviewView> Edit(Guid authorId, long expectedVersion, ReviewDraft draft)
    {
        var record = Owned(authorId).Copy();
        var content = ReviewValidation.Validated(draft);
        if (record.Version != expectedVersion)
        {
            throw new VersionMismatchException(expectedVersion, record.Version);
        }
        await SaveAsPending(record, content, clock.GetUtcNow(), edited: true);
        return record.ToView();
    }

    public async Task<ReviewView> Remove(Guid authorId)
    {
        var found = _record is { } existing && existing.AuthorId == authorId ? existing : throw NotFound();
        if (found.Status == ReviewStatus.Removed)
        {
            return found.ToView();
        }
        var record = found.Copy();
        record.Status = ReviewStatus.Removed;
        record.StatusReason = null;
        record.UpdatedAt = clock.GetUtcNow();
        await Save(record, new ReviewRemoved(ReviewId, record.ProductId, authorId, record.Version + 1));
        return record.ToView();
    }

    public Task<ReviewView> GetFor(Guid authorId) => Task.FromResult(Owned(authorId).ToView());

    public async Task ApplyVerdict(long revision, ModerationVerdict verdict)
    {
        if (_record is { Status: ReviewStatus.Pending } record && record.Version == revision)
        {
            await Decide(record, verdict, DecidedByRules);
        }
    }

    public async Task<ReviewView> Approve(Guid operatorId)
    {
        var record = _record ?? throw NotFound();
        if (record.Status is not (ReviewStatus.Pending or ReviewStatus.Held))
        {
            throw new ConflictException($"Only a pending or held review can be approved; this one is {record.Status}.");
        }
        logger.LogInformation("Operator {OperatorId} approved review {ReviewId}", operatorId, ReviewId);
        return await Decide(record, ModerationVerdict.Publish, DecidedByOperator);
    }

    public async Task<ReviewView> Reject(Guid operatorId, string reason)
    {
        var verdict = new ModerationVerdict(ModerationOutcome.Reject, ReviewValidation.Reason(reason));
        var record = _record ?? throw NotFound();
        if (record.Status is not (ReviewStatus.Pending or ReviewStatus.Held or ReviewStatus.Published))
        {
            throw new ConflictException($"Only a pending, held or published review can be rejected; this one is {record.Status}.");
        }
        logger.LogInformation("Operator {OperatorId} rejected review {ReviewId}", operatorId, ReviewId);
        return await Decide(record, verdict, DecidedByOperator);
    }

    private async Task<ReviewView> Decide(ReviewRecord current, ModerationVerdict verdict, string decidedBy)
    {
        var record = current.Copy();
        var now = clock.GetUtcNow();
        record.Status = verdict.Outcome switch
        {
            ModerationOutcome.Publish => ReviewStatus.Published,
            ModerationOutcome.Reject => ReviewStatus.Rejected,
            _ => ReviewStatus.Held,
        };
        record.StatusReason = verdict.Outcome == ModerationOutcome.Publish ? null : verdict.Reason;
        record.UpdatedAt = now;
        if (verdict.Outcome == ModerationOutcome.Publish)
        {
            record.PublishedAt = now;
        }
        var version = record.Version + 1;
        IDomainEvent? decided = verdict.Outcome switch
        {
            ModerationOutcome.Publish => new ReviewPublished(ReviewId, record.ProductId, record.AuthorId, record.Stars, record.Text,
                record.Pros, record.Cons, version, now),
            ModerationOutcome.Reject => new ReviewRejected(ReviewId, record.ProductId, record.AuthorId, record.StatusReason!, decidedBy, version),
            // A hold is internal: the review waits in the operators' queue and nobody outside needs to know.
            _ => null,
        };
        await Save(record, decided);
        metrics.Moderated(verdict.Outcome, decidedBy);
        return record.ToView();
    }

    private async Task SaveAsPending(ReviewRecord record, ReviewDraft content, DateTimeOffset now, bool edited)
    {
        record.Stars = content.Stars;
        record.Text = content.Text!;
        record.Pros = content.Pros;
        record.Cons = content.Cons;
        record.Status = ReviewStatus.Pending;
        record.StatusReason = null;
        record.UpdatedAt = now;
        await Save(record, new ReviewSubmitted(
            ReviewId, record.ProductId, record.AuthorId, record.Stars, record.Text, record.Pros, record.Cons, record.Version + 1, edited));
        metrics.Submitted();
    }

    /// <summary>
    /// Stores a changed copy with its event and makes it current; a lost race sends the caller to read again, and
    /// this activation away (<see cref="AggregateGrain"/>).
    /// </summary>
    private async Task Save(ReviewRecord record, IDomainEvent? happened)
    {
        _saving = record;
        try
        {
            if (happened is not null)
            {
                Raise(StreamNames.Reviews, ReviewId.ToString(), happened);
            }
            await Commit();
        }
        finally
        {
            _saving = null;
        }
    }

    private ReviewRecord Owned(Guid authorId) =>
        _record is { Status: not ReviewStatus.Removed } record && record.AuthorId == authorId ? record : throw NotFound();

    private static NotFoundException NotFound() => new("There is no such review.");
}
