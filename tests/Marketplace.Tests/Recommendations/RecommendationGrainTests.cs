using Marketplace.Common;
using Marketplace.Ordering;
using Marketplace.Recommendations;
using Marketplace.Recommendations.Events;
using Marketplace.Search;
using Marketplace.Tests.Events;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Recommendations;

[Collection(RecommendationsClusterCollection.Name)]
public sealed class RecommendationGrainTests(RecommendationsCluster fixture)
{
    private static readonly TimeSpan Settles = RecommendationsCluster.Settles;

    private IShopperRecommendationsGrain Recommendations(Guid shopperId) => fixture.Grains.GetGrain<IShopperRecommendationsGrain>(shopperId);

    private Task<ShopperInterests> Interests(Guid shopperId, Func<ShopperInterests, bool> done) =>
        Eventually.Until(Recommendations(shopperId).GetInterests, done, Settles, "the shopper's activity to be learnt");

    [Fact]
    public async Task Views_make_a_category_lead_and_the_ranking_offers_its_other_products_on_sale_with_the_viewed_one_as_reason()
    {
        var seller = await fixture.Grains.ActiveSeller();
        var speaker = await fixture.Product(seller, "Speaker", "electronics/audio");
        var headphones = await fixture.Product(seller, "Headphones", "electronics/audio");
        var teapot = await fixture.Product(seller, "Teapot", "home/kitchen");
        var mixer = await fixture.Product(seller, "Mixer", "home/kitchen", brand: "Bosch");
        var blender = await fixture.Product(seller, "Blender", "home/kitchen");
        var soldOut = await fixture.Product(seller, "Toaster", "home/kitchen", stock: 0);
        var shopper = Guid.NewGuid();
        var activity = fixture.Grains.GetGrain<IShopperActivityGrain>(shopper);

        await activity.ViewedProduct(speaker.ProductId);
        await Interests(shopper, i => i.RecentlyViewed.Count == 1);
        await activity.ViewedProduct(teapot.ProductId);
        await Interests(shopper, i => i.RecentlyViewed.Count == 2);
        await activity.ViewedProduct(mixer.ProductId);
        var interests = await Interests(shopper, i => i.RecentlyViewed.Count == 3);

        Assert.Equal(["home/kitchen", "electronics/audio"], interests.Categories.Select(c => c.Name));
        Assert.Equal([mixer.ProductId, teapot.ProductId, speaker.ProductId], interests.RecentlyViewed.Select(p => p.ProductId));
        var page = await Eventually.Until(() => Recommendations(shopper).Recommend(1, 50),
            p => p.Items.Any(r => r.Product.ProductId == headphones.ProductId), Settles, "the audio listing to be ranked");
        var ranked = page.Items.Select(r => r.Product.ProductId).ToList();
        Assert.Equal((RecommendationSource.Personal, (FallbackReason?)null), (page.Source, page.Fallback));
        Assert.True(ranked.IndexOf(blender.ProductId) >= 0 && ranked.IndexOf(blender.ProductId) < ranked.IndexOf(headphones.ProductId),
            "the leading category's product ranks above the weaker one's");
        Assert.DoesNotContain(soldOut.ProductId, ranked);
        Assert.DoesNotContain(ranked, id => id == speaker.ProductId || id == teapot.ProductId || id == mixer.ProductId);
        var reason = page.Items.Single(r => r.Product.ProductId == blender.ProductId).Reason;
        Assert.Equal((ReasonKind.ViewedSimilar, "Because you viewed Mixer", mixer.ProductId), (reason.Kind, reason.Text, reason.ProductId));
    }

    [Fact]
    public async Task What_the_shopper_bought_is_not_recommended_again()
    {
        var seller = await fixture.Grains.ActiveSeller();
        var towel = await fixture.Product(seller, "Towel", "home/textiles");
        var pillow = await fixture.Product(seller, "Pillow", "home/textiles");
        var blanket = await fixture.Product(seller, "Blanket", "home/textiles");
        var shopper = Guid.NewGuid();
        await PurchaseHistorySeed.Record(fixture.Grains, shopper, pillow.ProductId, PurchaseStatus.Bought);

        await fixture.Grains.GetGrain<IShopperActivityGrain>(shopper).ViewedProduct(towel.ProductId);
        await Interests(shopper, i => !i.IsEmpty);
        var page = await Eventually.Until(() => Recommendations(shopper).Recommend(1, 10),
            p => p.Items.Any(r => r.Product.ProductId == blanket.ProductId), Settles, "the textiles listing to be ranked");

        Assert.DoesNotContain(page.Items, r => r.Product.ProductId == pillow.ProductId);
    }

    [Fact]
    public async Task A_redelivered_activity_event_is_learnt_once()
    {
        var shopper = Guid.NewGuid();
        var stream = fixture.Grains.GetGrain<IEventSourceGrain>(UserActivityStream.KeyOf(shopper));
        var viewed = EventEnvelope.Wrap(UserActivityStream.KeyOf(shopper),
            new ProductViewed(shopper, new ActivityProduct(Guid.NewGuid(), "Novel", "books/fiction", "Penguin")), TimeProvider.System.GetUtcNow());

        await stream.EmitEnvelope(StreamNames.UserActivity, viewed);
        await stream.EmitEnvelope(StreamNames.UserActivity, viewed);
        // Events of one stream arrive in order: once this one is learnt, the redelivery before it has been handled.
        await stream.Emit(StreamNames.UserActivity, new SearchPerformed(shopper, "lego", "toys/construction", null));
        var interests = await Interests(shopper, i => i.Categories.Any(c => c.Name == "toys/construction"));

        Assert.Equal([new Interest("toys/construction", 1), new Interest("books/fiction", 0.9)], interests.Categories);
        Assert.Equal([new Interest("Penguin", 1)], interests.Brands);
        Assert.Single(interests.RecentlyViewed);
    }

    [Fact]
    public async Task Searches_teach_the_categories_and_brands_filtered_on_but_not_a_category_that_does_not_exist()
    {
        var shopper = Guid.NewGuid();
        var activity = fixture.Grains.GetGrain<IShopperActivityGrain>(shopper);

        await activity.Searched(new ProductSearchQuery(Text: "lipstick", Category: "nowhere"));
        await activity.Searched(new ProductSearchQuery(Text: "lipstick", Category: "beauty/makeup", Brand: "Lumene"));
        var interests = await Interests(shopper, i => i.Brands.Count > 0);

        Assert.Equal([new Interest("beauty/makeup", 1)], interests.Categories);
        Assert.Equal([new Interest("Lumene", 1)], interests.Brands);
    }

    [Fact]
    public async Task A_shopper_without_history_gets_the_base_feed_marked_as_fallback()
    {
        var page = await Recommendations(Guid.NewGuid()).Recommend(1, 10);
        var popular = await fixture.Grains.GetGrain<IPopularProductsGrain>(PopularFeeds.Overall).Top(1, 10);

        Assert.Equal((RecommendationSource.Popular, FallbackReason.NoHistory), (page.Source, page.Fallback));
        Assert.Equal(popular.Items, page.Items);
        await Assert.ThrowsAsync<ValidationException>(() => Recommendations(Guid.NewGuid()).Recommend(0, 10));
        await Assert.ThrowsAsync<ValidationException>(() => Recommendations(Guid.NewGuid()).Recommend(1, Paging.MaxPageSize + 1));
    }

    [Theory]
    [InlineData(SteerableRanker.Failure.Throws)]
    [InlineData(SteerableRanker.Failure.Hangs)]
    public async Task When_the_personal_ranking_fails_or_misses_its_deadline_the_shopper_gets_the_base_feed(SteerableRanker.Failure failure)
    {
        var seller = await fixture.Grains.ActiveSeller();
        var product = await fixture.Product(seller, "Dumbbell", "sports/fitness");
        SteerableRanker.Fail(product.ProductId, failure);
        var shopper = Guid.NewGuid();

        await fixture.Grains.GetGrain<IShopperActivityGrain>(shopper).ViewedProduct(product.ProductId);
        await Interests(shopper, i => !i.IsEmpty);
        var page = await Eventually.Until(() => Recommendations(shopper).Recommend(1, Paging.MaxPageSize),
            p => p.Items.Any(r => r.Product.ProductId == product.ProductId), Settles, "the base feed to count the view");

        Assert.Equal((RecommendationSource.Popular, FallbackReason.PersonalUnavailable), (page.Source, page.Fallback));
    }

    [Fact]
    public async Task The_base_feed_ranks_by_weighted_activity_overall_and_per_category_and_its_ancestors()
    {
        var seller = await fixture.Grains.ActiveSeller();
        var novel = await fixture.Product(seller, "Novel", "books/fiction");
        var saga = await fixture.Product(seller, "Saga", "books/fiction");
        var atlas = await fixture.Product(seller, "Atlas", "books/non-fiction");
        foreach (var shopper in Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()))
        {
            await fixture.Grains.GetGrain<IShopperActivityGrain>(shopper).ViewedProduct(saga.ProductId);
        }
        var buyer = Guid.NewGuid();
        await fixture.Grains.GetGrain<IShopperActivityGrain>(buyer).AddedToCart(novel.ProductId, 1);
        await fixture.Grains.GetGrain<IShopperActivityGrain>(buyer).ViewedProduct(novel.ProductId);
        await fixture.Grains.GetGrain<IShopperActivityGrain>(buyer).ViewedProduct(atlas.ProductId);

        var fiction = await Eventually.Until(() => fixture.Grains.GetGrain<IPopularProductsGrain>(PopularFeeds.ForCategory("books/fiction")).Top(1, 10),
            p => p.Items.Count == 2, Settles, "the fiction feed to count both books");
        var books = await Eventually.Until(() => fixture.Grains.GetGrain<IPopularProductsGrain>(PopularFeeds.ForCategory("books")).Top(1, 10),
            p => p.Items.Count == 3, Settles, "the books feed to count its subcategories");

        Assert.Equal([novel.ProductId, saga.ProductId], fiction.Items.Select(r => r.Product.ProductId));
        Assert.Equal((ReasonKind.PopularInCategory, "Popular in Fiction"), (fiction.Items[0].Reason.Kind, fiction.Items[0].Reason.Text));
        Assert.Equal([novel.ProductId, saga.ProductId, atlas.ProductId], books.Items.Select(r => r.Product.ProductId));
        var overall = await fixture.Grains.GetGrain<IPopularProductsGrain>(PopularFeeds.Overall).Top(1, Paging.MaxPageSize);
        Assert.Contains(overall.Items, r => r.Product.ProductId == atlas.ProductId && r.Reason.Kind == ReasonKind.Popular);
        await Assert.ThrowsAsync<NotFoundException>(() => fixture.Grains.GetGrain<IPopularProductsGrain>(PopularFeeds.ForCategory("nowhere")).Top(1, 10));
    }

    [Fact]
    public async Task A_feed_keeps_its_counts_when_its_activation_is_collected()
    {
        var seller = await fixture.Grains.ActiveSeller();
        var doll = await fixture.Product(seller, "Doll", "toys/dolls");
        var feed = fixture.Grains.GetGrain<IPopularProductsGrain>(PopularFeeds.ForCategory("toys/dolls"));
        await fixture.Grains.GetGrain<IShopperActivityGrain>(Guid.NewGuid()).ViewedProduct(doll.ProductId);
        await Eventually.Until(() => feed.Top(1, 10), p => p.Items.Count == 1, Settles, "the doll to be counted");

        // Counts are written on a timer, not per view: deactivation must write what the timer has not yet.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal([doll.ProductId], (await feed.Top(1, 10)).Items.Select(r => r.Product.ProductId));
    }

    [Fact]
    public async Task Bought_together_counts_each_order_once_and_lists_what_is_on_sale()
    {
        var seller = await fixture.Grains.ActiveSeller();
        var bike = await fixture.Product(seller, "Bike", "sports/cycling");
        var helmet = await fixture.Product(seller, "Helmet", "sports/cycling");
        var lamp = await fixture.Product(seller, "Lamp", "sports/cycling");
        var gone = await fixture.Product(seller, "Pump", "sports/cycling", stock: 0);
        var alsoBought = fixture.Grains.GetGrain<IAlsoBoughtGrain>(bike.ProductId);
        var firstOrder = Guid.NewGuid();

        await alsoBought.RecordOrder(firstOrder, [bike.ProductId, helmet.ProductId, lamp.ProductId, gone.ProductId]);
        await alsoBought.RecordOrder(firstOrder, [bike.ProductId, helmet.ProductId, lamp.ProductId, gone.ProductId]);
        await alsoBought.RecordOrder(Guid.NewGuid(), [bike.ProductId, helmet.ProductId]);
        var page = await alsoBought.List(1, 10);

        Assert.Equal(RecommendationSource.BoughtTogether, page.Source);
        Assert.Equal([(helmet.ProductId, "Bought together 2 times"), (lamp.ProductId, "Bought together once")],
            page.Items.Select(r => (r.Product.ProductId, r.Reason.Text)));
    }
}
