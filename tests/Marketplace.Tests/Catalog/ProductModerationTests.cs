using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Media;
using Marketplace.Tests.Media;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Catalog;

/// <summary>Product moderation on the grains: the rules' verdicts by revision, what shoppers see, and the operators' queue.</summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class ProductModerationTests(InMemoryCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly Guid OperatorId = Guid.NewGuid();

    private IProductModerationQueue Queue => fixture.Grains.GetGrain<IProductModerationQueue>(0);

    [Fact]
    public async Task A_card_with_a_link_is_blocked_and_hidden_until_its_seller_fixes_it()
    {
        var sellerId = await fixture.Grains.ActiveSeller();
        var published = await fixture.Grains.PublishAwaitingVerdict(sellerId, Lamp("Order cheaper at www.lamps-direct.ru"));
        var product = fixture.Grains.GetGrain<IProductGrain>(published.ProductId);
        var category = fixture.Grains.CategoryListing("home/lighting");
        var storefront = fixture.Grains.SellerListing(sellerId);

        var blocked = await Eventually.Until(() => Moderation(product, sellerId), m => m.Status == ProductModerationStatus.Blocked,
            Patience, "the rules blocking the card");
        Assert.Contains("links", blocked.Reason);
        Assert.Equal((published.Version, ProductModeration.DecidedByRules), (blocked.Revision, blocked.DecidedBy));
        await Assert.ThrowsAsync<NotFoundException>(() => product.GetPublished());
        Assert.False((await product.GetVariant("SKU-1"))!.Purchasable);
        await Eventually.Until(async () => !await Lists(category, published.ProductId) && !await Lists(storefront, published.ProductId)
                                           && await Queued(published.ProductId), Patience, "the blocked card out of the listings and in the operators' queue");
        Assert.Equal(ProductModerationStatus.Blocked, (await storefront.Query(new ListingQuery(PublishedOnly: false))).Items.Single().Moderation?.Status);

        // The verdict left the seller's version alone, so the fix needs no re-read.
        var fixedCard = await product.Edit(sellerId, published.Version, Lamp("A warm light for reading."));
        // The edit's own answer shows it hidden: asking the grain again could already meet the rules' approval of the fix.
        Assert.Equal((ProductModerationStatus.Rechecking, false), (fixedCard.Moderation?.Status, fixedCard.Visible));

        await Eventually.Until(() => Moderation(product, sellerId), m => m.Status == ProductModerationStatus.Approved, Patience, "the fixed card approved");
        Assert.True((await product.GetPublished()).Visible);
        await Eventually.Until(async () => await Lists(category, published.ProductId) && await Lists(storefront, published.ProductId)
                                           && !await Queued(published.ProductId), Patience, "the fixed card listed again and out of the queue");
    }

    [Fact]
    public async Task A_verdict_counts_only_for_the_revision_it_judged()
    {
        var sellerId = await fixture.Grains.ActiveSeller();
        var published = await fixture.Grains.PublishAwaitingVerdict(sellerId, Lamp("A warm light for reading."));
        var product = fixture.Grains.GetGrain<IProductGrain>(published.ProductId);
        var moderation = fixture.Grains.GetGrain<IProductModeration>(published.ProductId);
        Assert.Equal((ProductModerationStatus.Pending, false), (published.Moderation?.Status, published.Visible));
        await fixture.Grains.UntilVisible(published.ProductId);
        Assert.Equal(ProductModerationStatus.Approved, (await Moderation(product, sellerId)).Status);

        var spam = await product.Edit(sellerId, published.Version, Lamp("Call +7 (900) 123-45-67 for a discount."));
        Assert.Equal((ProductModerationStatus.Pending, false), (spam.Moderation?.Status, spam.Visible));
        var blocked = await Eventually.Until(() => Moderation(product, sellerId), m => m.Status == ProductModerationStatus.Blocked,
            Patience, "the edit with a phone number blocked");
        Assert.Equal(spam.Version, blocked.Revision);

        // A late verdict about the first revision, and a redelivered one about the judged revision, change nothing.
        await moderation.ApplyVerdict(published.Version, violation: null);
        await moderation.ApplyVerdict(spam.Version, violation: null);
        Assert.Equal(blocked, await Moderation(product, sellerId));
        await Assert.ThrowsAsync<NotFoundException>(() => product.GetPublished());
    }

    [Fact]
    public async Task Operators_block_and_approve_and_an_edit_after_an_operators_block_waits_for_an_operator()
    {
        var sellerId = await fixture.Grains.ActiveSeller();
        var published = await fixture.Grains.PublishedProduct(sellerId, Lamp("A warm light for reading."));
        var product = fixture.Grains.GetGrain<IProductGrain>(published.ProductId);
        var moderation = fixture.Grains.GetGrain<IProductModeration>(published.ProductId);
        await Eventually.Until(() => Moderation(product, sellerId), m => m.Status == ProductModerationStatus.Approved, Patience, "the clean card approved");
        await Assert.ThrowsAsync<ConflictException>(() => moderation.Approve(OperatorId));
        await Assert.ThrowsAsync<ValidationException>(() => moderation.Block(OperatorId, " "));

        var blocked = await moderation.Block(OperatorId, "Counterfeit of a registered brand.");
        Assert.Equal((ProductModerationStatus.Blocked, "Counterfeit of a registered brand.", ProductModeration.DecidedByOperator),
            (blocked.Moderation!.Status, blocked.Moderation.Reason, blocked.Moderation.DecidedBy));
        await Assert.ThrowsAsync<NotFoundException>(() => product.GetPublished());

        // Clean text does not lift an operator's block: the edit is held for an operator, and the rules' verdict is ignored.
        var edited = await product.Edit(sellerId, published.Version, Lamp("A warm light for reading, now in brass."));
        Assert.Equal(ProductModerationStatus.Held, edited.Moderation?.Status);
        await moderation.ApplyVerdict(edited.Version, violation: null);
        Assert.Equal(ProductModerationStatus.Held, (await Moderation(product, sellerId)).Status);
        var queued = await Eventually.Until(() => Queue.List(1, Paging.MaxPageSize),
            q => q.Items.Any(c => c.ProductId == published.ProductId && c.Moderation.Status == ProductModerationStatus.Held), Patience, "the held card queued");
        Assert.Contains("Counterfeit", queued.Items.Single(c => c.ProductId == published.ProductId).Moderation.Reason);

        var approved = await moderation.Approve(OperatorId);
        Assert.Equal(ProductModerationStatus.Approved, approved.Moderation?.Status);
        Assert.True((await product.GetPublished()).Visible);
        await Eventually.Until(async () => !await Queued(published.ProductId), Patience, "the approved card out of the queue");
    }

    [Fact]
    public async Task A_card_shows_only_its_own_uploaded_images_and_an_edit_of_its_images_is_judged_again()
    {
        var sellerId = await fixture.Grains.ActiveSeller();
        var foreign = await fixture.Grains.PublishAwaitingVerdict(sellerId, Lamp("A warm light for reading.") with { Images = ["https://ads.example/call-now.jpg"] });
        var foreignCard = fixture.Grains.GetGrain<IProductGrain>(foreign.ProductId);
        var blocked = await Eventually.Until(() => Moderation(foreignCard, sellerId), m => m.Status == ProductModerationStatus.Blocked,
            Patience, "the card with an outside picture blocked");
        Assert.Contains("https://ads.example/call-now.jpg", blocked.Reason);
        await Assert.ThrowsAsync<NotFoundException>(() => foreignCard.GetPublished());

        var product = fixture.Grains.GetGrain<IProductGrain>(Guid.NewGuid());
        var draft = await product.Create(sellerId, Lamp("A warm light for reading."));
        var photo = await fixture.Grains.GetGrain<IProductMediaGrain>(draft.ProductId).Upload(sellerId, TestImages.Jpeg(300, 200));
        var withPhoto = await product.Edit(sellerId, draft.Version, Lamp("A warm light for reading.") with { Images = [photo.Reference] });
        var published = await product.Publish(sellerId, withPhoto.Version);
        Assert.Equal([photo.Reference], (await fixture.Grains.UntilVisible(published.ProductId)).Images);

        // Only the pictures change, yet the edit is hidden until judged, and another product's upload is not this card's.
        var otherProduct = fixture.Grains.GetGrain<IProductGrain>(Guid.NewGuid());
        var otherDraft = await otherProduct.Create(sellerId, Lamp("Another lamp."));
        var otherPhoto = await fixture.Grains.GetGrain<IProductMediaGrain>(otherDraft.ProductId).Upload(sellerId, TestImages.Png(64, 64));
        var borrowed = await product.Edit(sellerId, published.Version, Lamp("A warm light for reading.") with { Images = [photo.Reference, otherPhoto.Reference] });
        Assert.Equal((ProductModerationStatus.Pending, false), (borrowed.Moderation?.Status, borrowed.Visible));
        var verdict = await Eventually.Until(() => Moderation(product, sellerId), m => m.Status == ProductModerationStatus.Blocked,
            Patience, "the card with another product's picture blocked");
        Assert.Contains(otherPhoto.Reference, verdict.Reason);
    }

    [Fact]
    public async Task A_category_change_is_judged_again()
    {
        var sellerId = await fixture.Grains.ActiveSeller();
        var published = await fixture.Grains.PublishedProduct(sellerId, Lamp("A warm light for reading."));
        var product = fixture.Grains.GetGrain<IProductGrain>(published.ProductId);

        var moved = await product.Edit(sellerId, published.Version, Lamp("A warm light for reading.") with { Category = "home/furniture" });

        Assert.Equal((ProductModerationStatus.Pending, moved.Version, false), (moved.Moderation?.Status, moved.Moderation?.Revision, moved.Visible));
        Assert.Equal("home/furniture", (await fixture.Grains.UntilVisible(published.ProductId)).Category);
    }

    [Fact]
    public async Task Only_published_cards_are_moderated()
    {
        var sellerId = await fixture.Grains.ActiveSeller();
        var productId = Guid.NewGuid();
        var draft = await fixture.Grains.GetGrain<IProductGrain>(productId).Create(sellerId, Lamp("Visit www.lamps-direct.ru"));

        Assert.Null(draft.Moderation);
        await Assert.ThrowsAsync<ConflictException>(() => fixture.Grains.GetGrain<IProductModeration>(productId).Block(OperatorId, "Spam"));
        await Assert.ThrowsAsync<NotFoundException>(() => fixture.Grains.GetGrain<IProductModeration>(Guid.NewGuid()).Block(OperatorId, "Spam"));
        await Assert.ThrowsAsync<ValidationException>(() => Queue.List(0, 10));
    }

    private static async Task<ProductModeration> Moderation(IProductGrain product, Guid sellerId) =>
        (await product.GetForSeller(sellerId)).Moderation!;

    private async Task<bool> Queued(Guid productId) =>
        (await Queue.List(1, Paging.MaxPageSize)).Items.Any(c => c.ProductId == productId);

    private static async Task<bool> Lists(CatalogListing listing, Guid productId) =>
        (await listing.Query(new ListingQuery(PageSize: Paging.MaxPageSize))).Items.Any(s => s.ProductId == productId);

    private static ProductDraft Lamp(string description) => new("Desk lamp", description, "home/lighting", "Lumen",
        new Dictionary<string, string> { ["colour"] = "brass" }, [],
        [new VariantDraft("SKU-1", new Dictionary<string, string> { ["plug"] = "EU" }, 1500m, "RUB", 5)]);
}
