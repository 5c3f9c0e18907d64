using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Reviews.ProductReviews;
using Marketplace.Reviews;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>What every store of the products' review lists must do, run against the PostgreSQL, SQLite and in-memory ones.</summary>
public abstract class ProductReviewStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected abstract IProductReviewStore Store { get; }

    private static ProductReviewRow Listed(Guid productId, int stars, int minutes, long version = 3, Guid? reviewId = null, string text = "Boils fast.")
    {
        var id = reviewId ?? Guid.NewGuid();
        return new ProductReviewRow(id, productId, new PublishedReview(id, productId, stars, text, "Quiet", null, Start.AddMinutes(minutes)), version);
    }

    private async Task<Guid[]> Ids(Guid productId, ReviewSort sort, int page, int pageSize, int total)
    {
        var found = await Store.PageAsync(productId, sort, page, pageSize, null, default);
        Assert.Equal(total, found.Total);
        return found.Items.Select(r => r.ReviewId).ToArray();
    }

    [Fact]
    public async Task A_product_lists_only_its_published_reviews_in_the_asked_order_page_by_page()
    {
        var productId = Guid.NewGuid();
        var oldFive = Listed(productId, 5, 1);
        var newTwo = Listed(productId, 2, 3);
        var midFour = Listed(productId, 4, 2);
        var newerFive = Listed(productId, 5, 4);
        foreach (var row in new[] { oldFive, newTwo, midFour, newerFive, Listed(Guid.NewGuid(), 3, 5), new ProductReviewRow(Guid.NewGuid(), productId, null, 2) })
        {
            Assert.True(await Store.ApplyAsync(row, replaceSameVersion: false, default));
        }

        Assert.Equal([newerFive.ReviewId, newTwo.ReviewId, midFour.ReviewId, oldFive.ReviewId], await Ids(productId, ReviewSort.Newest, 1, 10, 4));
        Assert.Equal([newerFive.ReviewId, oldFive.ReviewId, midFour.ReviewId, newTwo.ReviewId], await Ids(productId, ReviewSort.Highest, 1, 10, 4));
        Assert.Equal([newTwo.ReviewId, midFour.ReviewId], await Ids(productId, ReviewSort.Lowest, 1, 2, 4));
        Assert.Equal([newerFive.ReviewId, oldFive.ReviewId], await Ids(productId, ReviewSort.Lowest, 2, 2, 4));
        Assert.Empty(await Ids(productId, ReviewSort.Newest, 3, 2, 4));
    }

    [Fact]
    public async Task A_products_reviews_are_counted_by_stars_from_its_listed_rows_only()
    {
        var productId = Guid.NewGuid();
        foreach (var row in new[] { Listed(productId, 5, 1), Listed(productId, 5, 2), Listed(productId, 2, 3), Listed(Guid.NewGuid(), 1, 4), new ProductReviewRow(Guid.NewGuid(), productId, null, 2) })
        {
            await Store.ApplyAsync(row, replaceSameVersion: false, default);
        }

        Assert.Equal(new[] { 0, 1, 0, 0, 2 }, await Store.CountByStarsAsync(productId, default));
        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, await Store.CountByStarsAsync(Guid.NewGuid(), default));
    }

    [Fact]
    public async Task A_redelivered_or_older_row_changes_nothing_and_a_review_that_left_cannot_come_back_late()
    {
        var productId = Guid.NewGuid();
        var published = Listed(productId, 5, 1, version: 2);
        Assert.True(await Store.ApplyAsync(published, replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(published with { Review = published.Review! with { Text = "Redelivered" } }, replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(new ProductReviewRow(published.ReviewId, productId, null, 1), replaceSameVersion: false, default));
        Assert.Equal(published, await Store.FindAsync(published.ReviewId, default));

        // Removed, then the publication delivered again: it stays off the list.
        Assert.True(await Store.ApplyAsync(new ProductReviewRow(published.ReviewId, productId, null, 3), replaceSameVersion: false, default));
        Assert.False(await Store.ApplyAsync(published, replaceSameVersion: false, default));
        Assert.Empty(await Ids(productId, ReviewSort.Newest, 1, 10, 0));

        Assert.True(await Store.ApplyAsync(published with { Version = 3 }, replaceSameVersion: true, default));
        Assert.Equal([published.ReviewId], await Ids(productId, ReviewSort.Newest, 1, 10, 1));
    }

    [Theory]
    [InlineData(ReviewSort.Newest)]
    [InlineData(ReviewSort.Highest)]
    [InlineData(ReviewSort.Lowest)]
    public async Task Keyset_pages_walk_a_products_reviews_as_numbered_pages_do(ReviewSort sort)
    {
        var productId = Guid.NewGuid();
        for (var i = 0; i < 11; i++)
        {
            await Store.ApplyAsync(Listed(productId, 1 + i % 5, i % 3), replaceSameVersion: false, default);
        }

        var numbered = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            numbered.AddRange(await Ids(productId, sort, page, 4, 11));
        }
        var keyset = new List<Guid>();
        string? after = null;
        do
        {
            var page = await Store.PageAsync(productId, sort, 1, 4, after, default);
            keyset.AddRange(page.Items.Select(r => r.ReviewId));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(11, numbered.Distinct().Count());
        Assert.Equal(numbered, keyset);
        await Assert.ThrowsAsync<ValidationException>(() => Store.PageAsync(productId, sort, 1, 4, "garbage", default));
    }
}

public sealed class PostgresProductReviewStoreTests(PostgresDatabase database) : ProductReviewStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IProductReviewStore Store { get; } = new SqlProductReviewStore(ReadModelDatabase.Postgres(database.ConnectionString));
}

public sealed class SqliteProductReviewStoreTests(SqliteDatabaseFile database) : ProductReviewStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override IProductReviewStore Store { get; } = new SqlProductReviewStore(ReadModelDatabase.Sqlite(database.ConnectionString));
}

[Collection(InMemoryClusterCollection.Name)]
public sealed class InMemoryProductReviewStoreTests(InMemoryCluster cluster) : ProductReviewStoreContract
{
    protected override IProductReviewStore Store { get; } = new InMemoryProductReviewStore(cluster.Grains);
}
