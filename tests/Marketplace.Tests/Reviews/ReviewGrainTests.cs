using Marketplace.Common;
using Marketplace.Ordering;
using Marketplace.Reviews;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Reviews;

/// <summary>Reviews on the in-memory cluster: submit, edit, remove, asynchronous moderation, the operators' queue and the rating.</summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class ReviewGrainTests(InMemoryCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly ReviewDraft Good = new(5, "Boils a litre in two minutes and stays quiet.", Pros: "Fast", Cons: "  ");

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_review_of_a_received_product_is_pending_then_published_and_counted_in_the_rating()
    {
        var (shopperId, productId) = await ReceivedProduct();

        var submitted = await Review(shopperId, productId).Submit(shopperId, productId, Good);

        Assert.Equal(ReviewIds.For(shopperId, productId), submitted.ReviewId);
        Assert.Equal(ReviewStatus.Pending, submitted.Status);
        Assert.Null(submitted.Cons);
        var published = await Published(shopperId, productId);
        Assert.NotNull(published.PublishedAt);
        // The product's list is a read model fed from the events: it follows the review moments later.
        var listed = await Eventually.Until(() => Grains.GetGrain<IReviewQueries>(0).ForProduct(productId, ReviewSort.Newest, 1, 10),
            l => l.Total == 1, Patience, "the published review listed on its product");
        Assert.Equal(submitted.ReviewId, Assert.Single(listed.Items).ReviewId);
        var rating = await RatingOnceCounted(productId, 1);
        Assert.Equal(5m, rating.Average);
        Assert.Equal(new RatingHistogram(0, 0, 0, 0, 1), rating.Histogram);
    }

    [Fact]
    public async Task Only_a_shopper_who_received_the_product_may_review_it()
    {
        var shopperId = Guid.NewGuid();
        var productId = Guid.NewGuid();
        var never = await Assert.ThrowsAsync<ForbiddenException>(() => Review(shopperId, productId).Submit(shopperId, productId, Good));
        Assert.Contains("received", never.Message);

        await PurchaseHistorySeed.Record(Grains, shopperId, productId, PurchaseStatus.Bought);
        await Assert.ThrowsAsync<ForbiddenException>(() => Review(shopperId, productId).Submit(shopperId, productId, Good));
    }

    [Fact]
    public async Task Every_invalid_field_is_named()
    {
        var (shopperId, productId) = await ReceivedProduct();

        var invalid = await Assert.ThrowsAsync<ValidationException>(() =>
            Review(shopperId, productId).Submit(shopperId, productId, new ReviewDraft(6, "short", Cons: new string('x', 1001))));

        Assert.Equal(["cons", "stars", "text"], invalid.Errors.Keys.Order());
    }

    [Fact]
    public async Task Submitting_again_returns_the_same_review_and_a_stale_edit_is_refused()
    {
        var (shopperId, productId) = await ReceivedProduct();
        var review = Review(shopperId, productId);
        var first = await review.Submit(shopperId, productId, Good);
        var published = await Published(shopperId, productId);

        var again = await review.Submit(shopperId, productId, Good with { Stars = 1 });
        Assert.Equal(published, again);

        var stale = await Assert.ThrowsAsync<VersionMismatchException>(() => review.Edit(shopperId, first.Version, Good with { Stars = 2 }));
        Assert.Equal(published.Version, stale.Actual);
        await Assert.ThrowsAsync<NotFoundException>(() => review.Edit(Guid.NewGuid(), published.Version, Good));
        await Assert.ThrowsAsync<NotFoundException>(() => review.GetFor(Guid.NewGuid()));
    }

    [Fact]
    public async Task An_edit_goes_back_to_moderation_and_moves_the_rating_a_removal_takes_the_review_out_until_it_is_written_again()
    {
        var productId = Guid.NewGuid();
        var (fan, _) = await ReceivedProduct(productId);
        var (critic, _) = await ReceivedProduct(productId);
        await Review(fan, productId).Submit(fan, productId, Good);
        var critique = await Review(critic, productId).Submit(critic, productId, Good with { Stars = 3 });
        await RatingOnceCounted(productId, 2);
        var published = await Published(critic, productId);

        var edited = await Review(critic, productId).Edit(critic, published.Version, Good with { Stars = 1, Text = "Started leaking after a week of use." });
        Assert.Equal(ReviewStatus.Pending, edited.Status);
        await Published(critic, productId);
        var rating = await Eventually.Until(() => Grains.GetGrain<IProductRatingGrain>(productId).Get(), r => r.Average == 3m, Patience, "the edit counted");
        Assert.Equal(new RatingHistogram(1, 0, 0, 0, 1), rating.Histogram);
        var lowest = await Eventually.Until(() => Grains.GetGrain<IReviewQueries>(0).ForProduct(productId, ReviewSort.Lowest, 1, 10),
            l => l.Items.Count == 2 && l.Items[0].Stars == 1, Patience, "the edited review listed first by lowest stars");
        Assert.Equal(critique.ReviewId, lowest.Items[0].ReviewId);

        await Review(critic, productId).Remove(critic);
        await Review(critic, productId).Remove(critic);
        rating = await RatingOnceCounted(productId, 1);
        Assert.Equal(5m, rating.Average);
        await Eventually.Until(() => Grains.GetGrain<IReviewQueries>(0).ByAuthor(critic, 1, 10), l => l.Total == 0, Patience, "the removed review off its author's list");
        await Assert.ThrowsAsync<NotFoundException>(() => Review(critic, productId).GetFor(critic));

        var rewritten = await Review(critic, productId).Submit(critic, productId, Good with { Stars = 4 });
        Assert.Equal((ReviewStatus.Pending, 4), (rewritten.Status, rewritten.Stars));
        await Published(critic, productId);
        Assert.Equal(4.5m, (await RatingOnceCounted(productId, 2)).Average);
    }

    [Fact]
    public async Task A_review_with_a_link_is_rejected_with_a_reason_and_published_once_the_author_fixes_it()
    {
        var (shopperId, productId) = await ReceivedProduct();
        await Review(shopperId, productId).Submit(shopperId, productId, Good with { Text = "Cheaper at https://kettles.example/deal, trust me." });

        var rejected = await Eventually.Until(() => Review(shopperId, productId).GetFor(shopperId), r => r.Status == ReviewStatus.Rejected,
            Patience, "the rejection");
        Assert.Contains("links", rejected.StatusReason);
        await Eventually.Until(() => Grains.GetGrain<IReviewQueries>(0).ByAuthor(shopperId, 1, 10),
            l => l.Items is [{ Status: ReviewStatus.Rejected, StatusReason: not null }], Patience, "the rejection on the author's list");
        Assert.Equal(0, (await Grains.GetGrain<IReviewQueries>(0).ForProduct(productId, ReviewSort.Newest, 1, 10)).Total);

        await Review(shopperId, productId).Edit(shopperId, rejected.Version, Good);
        Assert.Null((await Published(shopperId, productId)).StatusReason);
    }

    [Fact]
    public async Task A_shouting_review_is_held_until_an_operator_approves_it_and_a_late_verdict_changes_nothing()
    {
        var (shopperId, productId) = await ReceivedProduct();
        var review = Review(shopperId, productId);
        var submitted = await review.Submit(shopperId, productId, Good with { Text = "BEST KETTLE I HAVE EVER OWNED, BUY IT NOW" });

        var held = await Eventually.Until(() => review.GetFor(shopperId), r => r.Status == ReviewStatus.Held, Patience, "the hold");
        Assert.Contains("capitals", held.StatusReason);
        await Eventually.Until(() => Grains.GetGrain<IReviewQueries>(0).Held(1, Paging.MaxPageSize),
            q => q.Items.Any(r => r.ReviewId == submitted.ReviewId), Patience, "the review in the held queue");

        var approved = await review.Approve(Guid.NewGuid());
        Assert.Equal(ReviewStatus.Published, approved.Status);
        await review.ApplyVerdict(submitted.Version, new ModerationVerdict(ModerationOutcome.Reject, "late"));
        Assert.Equal(ReviewStatus.Published, (await review.GetFor(shopperId)).Status);
        await Assert.ThrowsAsync<ConflictException>(() => review.Approve(Guid.NewGuid()));
        await RatingOnceCounted(productId, 1);

        await Assert.ThrowsAsync<ValidationException>(() => review.Reject(Guid.NewGuid(), " "));
        var rejected = await review.Reject(Guid.NewGuid(), "Advertises another shop.");
        Assert.Equal("Advertises another shop.", rejected.StatusReason);
        await RatingOnceCounted(productId, 0);
        await Eventually.Until(() => Grains.GetGrain<IReviewQueries>(0).Held(1, Paging.MaxPageSize),
            q => q.Items.All(r => r.ReviewId != submitted.ReviewId), Patience, "the decided review off the held queue");
    }

    [Fact]
    public async Task Lists_refuse_pages_out_of_range()
    {
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => Grains.GetGrain<IReviewQueries>(0).Held(0, Paging.MaxPageSize + 1));
        Assert.Equal(["page", "pageSize"], invalid.Errors.Keys.Order());
    }

    private IReviewGrain Review(Guid shopperId, Guid productId) => Grains.GetGrain<IReviewGrain>(ReviewIds.For(shopperId, productId));

    private Task<ReviewView> Published(Guid shopperId, Guid productId) =>
        Eventually.Until(() => Review(shopperId, productId).GetFor(shopperId), r => r.Status == ReviewStatus.Published, Patience, "the publication");

    private Task<ProductRating> RatingOnceCounted(Guid productId, int count) =>
        Eventually.Until(() => Grains.GetGrain<IProductRatingGrain>(productId).Get(), r => r.Count == count, Patience, $"{count} reviews counted");

    /// <summary>A shopper who bought and received the product, as ordering records it on delivery.</summary>
    private async Task<(Guid ShopperId, Guid ProductId)> ReceivedProduct(Guid? productId = null)
    {
        var shopperId = Guid.NewGuid();
        var product = productId ?? Guid.NewGuid();
        await PurchaseHistorySeed.Record(Grains, shopperId, product, PurchaseStatus.Received);
        return (shopperId, product);
    }
}
