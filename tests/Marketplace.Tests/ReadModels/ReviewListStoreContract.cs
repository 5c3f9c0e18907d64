using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Reviews.ReviewLists;
using Marketplace.Reviews;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>What every store of the authors' review lists and the held queue must do, run against the PostgreSQL, SQLite and in-memory ones.</summary>
public abstract class ReviewListStoreContract
{
    private static readonly DateTimeOffset Start = new(2001, 1, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IReviewListStore Store { get; }

    private static ReviewView Review(Guid authorId, ReviewStatus status, int minutes, long version = 3, Guid? reviewId = null) =>
        new(reviewId ?? Guid.NewGuid(), Guid.NewGuid(), authorId, 4, "Boils fast and quietly.", null, null, status,
            status == ReviewStatus.Held ? "Shorter than 3 words." : null, version, Start.AddMinutes(minutes), Start.AddMinutes(minutes + 1), null);

    private async Task Stored(params ReviewView[] reviews)
    {
        foreach (var review in reviews)
        {
            Assert.True(await Store.ApplyAsync(review, replaceSameVersion: false, default));
        }
    }

    [Fact]
    public async Task An_author_lists_their_reviews_newest_written_first_without_removed_ones()
    {
        var authorId = Guid.NewGuid();
        var older = Review(authorId, ReviewStatus.Rejected, 1);
        var newer = Review(authorId, ReviewStatus.Published, 2);
        await Stored(older, newer, Review(authorId, ReviewStatus.Removed, 3), Review(Guid.NewGuid(), ReviewStatus.Published, 4));

        var found = await Store.ByAuthorAsync(authorId, 1, 10, null, default);

        Assert.Equal(2, found.Total);
        Assert.Equal([newer, older], found.Items);
    }

    [Fact]
    public async Task The_held_queue_lists_held_reviews_longest_waiting_first_and_a_decided_one_leaves_it()
    {
        var longest = Review(Guid.NewGuid(), ReviewStatus.Held, -3);
        var next = Review(Guid.NewGuid(), ReviewStatus.Held, -2);
        var pending = Review(Guid.NewGuid(), ReviewStatus.Pending, -4);
        await Stored(longest, next, pending);
        // Other tests of the same store hold reviews too: only these three are looked at.
        async Task<List<Guid>> HeldOfThese() =>
            (await Store.HeldAsync(1, Paging.MaxPageSize, null, default)).Items.Select(r => r.ReviewId)
            .Where(id => id == longest.ReviewId || id == next.ReviewId || id == pending.ReviewId).ToList();

        Assert.Equal([longest.ReviewId, next.ReviewId], await HeldOfThese());
        Assert.True(await Store.ApplyAsync(longest with { Status = ReviewStatus.Published, StatusReason = null, Version = 4 }, replaceSameVersion: false, default));
        Assert.Equal([next.ReviewId], await HeldOfThese());
    }

    [Fact]
    public async Task A_redelivered_or_older_review_changes_nothing_and_a_repair_rewrites_the_same_version()
    {
        var review = Review(Guid.NewGuid(), ReviewStatus.Published, 1, version: 2);
        await Stored(review);
        Assert.False(await Store.ApplyAsync(review with { Text = "Redelivered" }, replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(review with { Status = ReviewStatus.Pending, Version = 1 }, replaceSameVersion: false, default));
        Assert.Equal(review, await Store.FindAsync(review.ReviewId, default));

        Assert.True(await Store.ApplyAsync(review with { Text = "Repaired" }, replaceSameVersion: true, default));
        Assert.Equal("Repaired", (await Store.FindAsync(review.ReviewId, default))!.Text);
    }

    [Fact]
    public async Task Keyset_pages_walk_both_lists_as_numbered_pages_do()
    {
        var authorId = Guid.NewGuid();
        // Pairs written at the same minute: the id breaks the tie in both directions.
        await Stored(Enumerable.Range(0, 9).Select(i => Review(authorId, ReviewStatus.Held, -1000 + i / 2)).ToArray());

        async Task<List<Guid>> Numbered(Func<int, Task<PagedList<ReviewView>>> page)
        {
            var ids = new List<Guid>();
            for (var number = 1; (await page(number)).Items is { Count: > 0 } items; number++)
            {
                ids.AddRange(items.Select(r => r.ReviewId));
            }
            return ids;
        }

        async Task<List<Guid>> Keyset(Func<string?, Task<PagedList<ReviewView>>> page)
        {
            var ids = new List<Guid>();
            string? after = null;
            do
            {
                var found = await page(after);
                ids.AddRange(found.Items.Select(r => r.ReviewId));
                after = found.Next;
            }
            while (after is not null);
            return ids;
        }

        var byAuthor = await Numbered(number => Store.ByAuthorAsync(authorId, number, 4, null, default));
        Assert.Equal(9, byAuthor.Distinct().Count());
        Assert.Equal(byAuthor, await Keyset(after => Store.ByAuthorAsync(authorId, 1, 4, after, default)));

        // The held queue holds other tests' reviews too: only this author's are compared, in the queue's order.
        var held = (await Numbered(number => Store.HeldAsync(number, 3, null, default))).Where(byAuthor.Contains).ToList();
        Assert.Equal(Enumerable.Reverse(byAuthor), held);
        Assert.Equal(held, (await Keyset(after => Store.HeldAsync(1, 3, after, default))).Where(byAuthor.Contains));

        await Assert.ThrowsAsync<ValidationException>(() => Store.HeldAsync(1, 4, "garbage", default));
        await Assert.ThrowsAsync<ValidationException>(() => Store.ByAuthorAsync(authorId, 1, 4, "garbage", default));
    }
}

public sealed class PostgresReviewListStoreTests(PostgresDatabase database) : ReviewListStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IReviewListStore Store { get; } = new SqlReviewListStore(ReadModelDatabase.Postgres(database.ConnectionString));
}

public sealed class SqliteReviewListStoreTests(SqliteDatabaseFile database) : ReviewListStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override IReviewListStore Store { get; } = new SqlReviewListStore(ReadModelDatabase.Sqlite(database.ConnectionString));
}

[Collection(InMemoryClusterCollection.Name)]
public sealed class InMemoryReviewListStoreTests(InMemoryCluster cluster) : ReviewListStoreContract
{
    protected override IReviewListStore Store { get; } = new InMemoryReviewListStore(cluster.Grains);
}
