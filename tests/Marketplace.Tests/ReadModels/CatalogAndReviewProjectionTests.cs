using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Grains.Catalog.ModerationQueue;
using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Reviews.ProductReviews;
using Marketplace.Grains.Reviews.ReviewLists;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.Reviews;
using Marketplace.Reviews.Events;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>
/// The moderation queue's and the review lists' projections on a SQLite file, fed envelopes as a stream would deliver
/// them: in order, redelivered, and out of order. Whatever the order, the tables end as the newest version says; the
/// review lists rebuilt from the reviews store equal the ones the events wrote, and every delivery has the product's
/// rating counted again from its list.
/// </summary>
public sealed class CatalogAndReviewProjectionTests(SqliteDatabaseFile database) : IClassFixture<SqliteDatabaseFile>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ReadModelDatabase _tables = ReadModelDatabase.Sqlite(database.ConnectionString);

    private static EventEnvelope Envelope(string aggregateId, IDomainEvent data, long sequence) =>
        new(Guid.NewGuid(), data.GetType().Name, 1, Start.AddSeconds(sequence), aggregateId, data, sequence);

    private static IEnumerable<IReadOnlyList<T>> Orders<T>(IReadOnlyList<T> events)
    {
        yield return events;
        yield return events.Reverse().ToList();
        // Each event delivered twice, the second time after everything else.
        yield return events.Concat(events).ToList();
        yield return events.Skip(1).Concat(events.Take(1)).Concat(events.Reverse()).ToList();
    }

    [Fact]
    public async Task A_cards_moderation_events_in_any_order_or_repeated_leave_the_queue_as_the_newest_says()
    {
        var store = new SqlModerationQueueStore(_tables);
        var projection = new ModerationQueueProjection(store);
        var sellerId = Guid.NewGuid();

        ProductModerated Moderated(Guid productId, ProductModerationStatus status, long sequence, string? decidedBy = ProductModeration.DecidedByRules) =>
            new(productId, sellerId, "Desk lamp", new ProductModeration(status, 2, status == ProductModerationStatus.Approved ? null : "Links.", decidedBy,
                decidedBy is null ? null : Start.AddMinutes(sequence)), sequence);

        foreach (var (ending, queued) in new[] { (ProductModerationStatus.Approved, false), (ProductModerationStatus.Held, true) })
        {
            foreach (var order in Orders([0, 1, 2, 3]))
            {
                var productId = Guid.NewGuid();
                IDomainEvent[] history =
                [
                    Moderated(productId, ProductModerationStatus.Pending, 10, decidedBy: null),
                    Moderated(productId, ProductModerationStatus.Blocked, 11),
                    Moderated(productId, ProductModerationStatus.Blocked, 12, ProductModeration.DecidedByOperator),
                    Moderated(productId, ending, 13, ProductModeration.DecidedByOperator),
                ];
                foreach (var index in order)
                {
                    await projection.ApplyAsync(Envelope(productId.ToString(), history[index], 13 + index), default);
                }

                var row = await store.FindAsync(productId, default);
                Assert.Equal(13, row!.Version);
                Assert.Equal(queued, row.Case is not null);
                if (queued)
                {
                    Assert.Equal((ProductModerationStatus.Held, Start.AddMinutes(13)), (row.Case!.Moderation.Status, row.Case.Since));
                }
            }
        }
    }

    [Fact]
    public async Task A_reviews_events_in_any_order_or_repeated_leave_its_product_list_as_the_newest_says_and_a_rebuild_writes_the_same()
    {
        var reviews = new SqliteReviewStore(database.Documents);
        var store = new SqlProductReviewStore(_tables);
        var recounts = new RecordedRecounts();
        var projection = new ProductReviewProjection(store, recounts);
        var productId = Guid.NewGuid();
        var listed = new List<Guid>();

        foreach (var (order, removed) in Orders([0, 1, 2, 3, 4]).Select(o => (o, false)).Concat(Orders([0, 1, 2, 3, 4, 5]).Select(o => (o, true))))
        {
            // The review's life as its grain saves it: submitted, rejected, edited, published, edited (pending), published again, removed.
            var record = new ReviewRecord { ReviewId = Guid.NewGuid(), ProductId = productId, AuthorId = Guid.NewGuid(), CreatedAt = Start };
            var events = new List<IDomainEvent>();
            foreach (var (status, stars) in new[] { (ReviewStatus.Pending, 3), (ReviewStatus.Rejected, 3), (ReviewStatus.Published, 4), (ReviewStatus.Pending, 2), (ReviewStatus.Published, 2), (ReviewStatus.Removed, 2) }
                         .Take(removed ? 6 : 5))
            {
                (record.Status, record.Stars, record.Text, record.UpdatedAt) = (status, stars, $"{stars} stars, and here is why.", Start.AddMinutes(events.Count));
                record.PublishedAt = status == ReviewStatus.Published ? record.UpdatedAt : record.PublishedAt;
                var revision = record.Version + 1;
                events.Add(status switch
                {
                    ReviewStatus.Published => new ReviewPublished(record.ReviewId, productId, record.AuthorId, stars, record.Text, null, null, revision, record.UpdatedAt),
                    ReviewStatus.Rejected => new ReviewRejected(record.ReviewId, productId, record.AuthorId, "Links.", "rules", revision),
                    ReviewStatus.Removed => new ReviewRemoved(record.ReviewId, productId, record.AuthorId, revision),
                    _ => new ReviewSubmitted(record.ReviewId, productId, record.AuthorId, stars, record.Text, null, null, revision, events.Count > 0),
                });
                await reviews.Save(record);
            }
            foreach (var index in order)
            {
                await projection.ApplyAsync(Envelope(record.ReviewId.ToString(), events[index], index + 1), default);
            }

            var row = await store.FindAsync(record.ReviewId, default);
            Assert.Equal((record.Version, !removed), (row!.Version, row.Review is not null));
            if (!removed)
            {
                Assert.Equal(2, row.Review!.Stars);
                listed.Add(record.ReviewId);
            }
        }

        var incremental = await store.PageAsync(productId, ReviewSort.Newest, 1, 100, null, default);
        Assert.Equal(listed.ToHashSet(), incremental.Items.Select(r => r.ReviewId).ToHashSet());
        // The rating is counted again after every delivery, a repeated one too (the rating may be what failed the first time).
        Assert.Equal(Enumerable.Repeat(productId, recounts.Products.Count), recounts.Products);
        Assert.Equal(Orders([0, 1, 2, 3, 4]).Sum(o => o.Count) + Orders([0, 1, 2, 3, 4, 5]).Sum(o => o.Count), recounts.Products.Count);
        Assert.Equal(new[] { 0, listed.Count, 0, 0, 0 }, await store.CountByStarsAsync(productId, default));
        recounts.Products.Clear();
        var reconciler = new ProductReviewReconciler(reviews, store, recounts);
        Assert.True((await reconciler.CheckAsync(repair: false, TimeProvider.System, default)).Consistent);
        var rebuilt = await reconciler.RebuildAsync(TimeProvider.System, default);
        Assert.Equal(listed.Count, rebuilt.Missing);
        Assert.Equal(incremental.Items, (await store.PageAsync(productId, ReviewSort.Newest, 1, 100, null, default)).Items);
        Assert.Equal(listed.Count, recounts.Products.Count(id => id == productId));
    }

    [Fact]
    public async Task A_reviews_events_in_any_order_or_repeated_leave_its_authors_list_and_the_held_queue_as_its_record_says_and_a_rebuild_writes_the_same()
    {
        var reviews = new SqliteReviewStore(database.Documents);
        var store = new SqlReviewListStore(_tables);
        var projection = new ReviewListProjection(reviews, store);
        var authorId = Guid.NewGuid();
        var record = new ReviewRecord { ReviewId = Guid.NewGuid(), ProductId = Guid.NewGuid(), AuthorId = authorId, CreatedAt = Start, Stars = 3, Text = "Too short." };
        var events = new List<IDomainEvent>();
        foreach (var (index, order) in Orders([0, 1]).Select((o, i) => (i, o)))
        {
            // Submitted, then held: each event is delivered when the record already says what it did, as the grain saves before it publishes.
            (record.Status, record.StatusReason, record.UpdatedAt) = (ReviewStatus.Pending, null, Start.AddMinutes(2 * index));
            await reviews.Save(record);
            events.Add(new ReviewSubmitted(record.ReviewId, record.ProductId, authorId, 3, record.Text, null, null, record.Version, index > 0));
            (record.Status, record.StatusReason, record.UpdatedAt) = (ReviewStatus.Held, "Shorter than 3 words.", Start.AddMinutes(2 * index + 1));
            await reviews.Save(record);
            events.Add(new ReviewHeld(record.ReviewId, record.ProductId, authorId, record.StatusReason, record.Version));
            foreach (var at in order)
            {
                await projection.ApplyAsync(Envelope(record.ReviewId.ToString(), events[^(2 - at)], at + 1), default);
            }
            Assert.Equal(record.ToView(), await store.FindAsync(record.ReviewId, default));
        }

        Assert.Equal([record.ToView()], (await store.ByAuthorAsync(authorId, 1, 10, null, default)).Items);
        Assert.Contains(record.ToView(), (await store.HeldAsync(1, 100, null, default)).Items);
        // The reviews store of this file holds the other test's reviews too, which this table never heard of: the rebuild lists them all.
        await new ReviewListReconciler(reviews, store).RebuildAsync(TimeProvider.System, default);
        Assert.Equal(record.ToView(), await store.FindAsync(record.ReviewId, default));
        Assert.Equal([record.ToView()], (await store.ByAuthorAsync(authorId, 1, 10, null, default)).Items);
    }

    private sealed class RecordedRecounts : IRatingRecounts
    {
        public List<Guid> Products { get; } = [];

        public Task RecountAsync(Guid productId)
        {
            lock (Products)
            {
                Products.Add(productId);
            }
            return Task.CompletedTask;
        }
    }
}
