using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Grains.Catalog;
using State = Marketplace.Grains.Catalog.ProductGrain.ProductState;

namespace Marketplace.Core.Tests.Catalog;

/// <summary>The product card's decisions without a cluster: every command, its refusals, version checks and repeats.</summary>
public sealed class ProductCoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid ProductId = Guid.NewGuid();
    private static readonly Guid SellerId = Guid.NewGuid();

    private static ProductDraft Draft(string title = "Desk lamp", string description = "A warm light.", params VariantDraft[] variants) => new(
        $"  {title} ", description, "home/lighting", "Acme", new Dictionary<string, string> { ["colour"] = "white" }, [],
        variants.Length > 0 ? variants : [new VariantDraft(" LAMP-1 ", null, 1990m, "rub", 5)]);

    private static IReadOnlyList<ProductEvent> Decide(State state, ProductCommand command) => ProductCore.Decide(state, ProductId, command);

    /// <summary>Decides and applies, as the grain does.</summary>
    private static IReadOnlyList<ProductEvent> Run(State state, ProductCommand command)
    {
        var events = Decide(state, command);
        foreach (var happened in events)
        {
            ProductCore.Apply(state, happened);
        }
        return events;
    }

    private static State Created()
    {
        var state = new State();
        Run(state, new CreateProduct(SellerId, Draft(), SellerOnboarded: true, Now));
        return state;
    }

    private static State Published()
    {
        var state = Created();
        Run(state, new PublishProduct(SellerId, 1, SellerActive: true, Now.AddMinutes(1)));
        return state;
    }

    [Fact]
    public void Creating_normalises_the_draft_and_starts_a_draft_at_version_1()
    {
        var state = new State();

        var created = Assert.IsType<ProductCreated>(Assert.Single(Run(state, new CreateProduct(SellerId, Draft(), true, Now))));

        Assert.Equal(("Desk lamp", "LAMP-1", "RUB"), (created.Content.Title, created.Content.Variants[0].Sku, created.Content.Variants[0].Currency));
        Assert.Equal((ProductStatus.Draft, 1L, Now, SellerId), (state.Status, state.Version, state.CreatedAt, state.SellerId));
        Assert.Equal((ProductChangeKind.Created, false), ProductAnnouncements.Of(created));
    }

    [Fact]
    public void Creating_is_refused_for_a_seller_not_onboarded_and_for_an_invalid_draft_naming_its_fields()
    {
        Assert.Throws<ConflictException>(() => Decide(new State(), new CreateProduct(SellerId, Draft(), SellerOnboarded: false, Now)));
        var invalid = Assert.Throws<ValidationException>(() => Decide(new State(), new CreateProduct(SellerId, Draft(title: ""), true, Now)));
        Assert.Contains("title", invalid.Errors.Keys);
    }

    [Fact]
    public void Creating_again_decides_nothing_for_its_seller_and_is_forbidden_to_another()
    {
        var state = Created();

        Assert.Empty(Decide(state, new CreateProduct(SellerId, Draft("Other"), true, Now)));
        Assert.Throws<ForbiddenException>(() => Decide(state, new CreateProduct(Guid.NewGuid(), Draft(), true, Now)));
    }

    [Fact]
    public void Every_seller_command_checks_the_product_the_owner_and_the_version()
    {
        var stranger = Guid.NewGuid();
        ProductCommand[] ofStranger = [new EditProduct(stranger, 1, Draft(), Now), new PublishProduct(stranger, 1, true, Now), new ArchiveProduct(stranger, 1, Now)];
        ProductCommand[] stale = [new EditProduct(SellerId, 7, Draft(), Now), new PublishProduct(SellerId, 7, true, Now), new ArchiveProduct(SellerId, 7, Now)];

        foreach (var command in ofStranger)
        {
            Assert.Throws<NotFoundException>(() => Decide(new State(), command));
            Assert.Throws<ForbiddenException>(() => Decide(Created(), command));
        }
        foreach (var command in stale)
        {
            var mismatch = Assert.Throws<VersionMismatchException>(() => Decide(Created(), command));
            Assert.Equal((7L, 1L), (mismatch.Expected, mismatch.Actual));
        }
    }

    [Fact]
    public void Publishing_needs_an_active_seller_sends_the_first_publication_to_the_rules_and_a_repeat_decides_nothing()
    {
        Assert.Throws<ConflictException>(() => Decide(Created(), new PublishProduct(SellerId, 1, SellerActive: false, Now)));

        var state = Created();
        var published = Assert.IsType<ProductPublished>(Assert.Single(Run(state, new PublishProduct(SellerId, 1, true, Now))));

        Assert.Equal((ProductStatus.Published, 2L, Now), (state.Status, state.Version, state.PublishedAt));
        Assert.Equal(new ProductModeration(ProductModerationStatus.Pending, 2), state.Moderation);
        Assert.Equal((ProductChangeKind.Published, true), ProductAnnouncements.Of(published));
        Assert.Empty(Decide(state, new PublishProduct(SellerId, 2, SellerActive: false, Now)));
    }

    [Fact]
    public void Archiving_bumps_the_version_a_repeat_decides_nothing_and_an_archived_card_cannot_be_edited()
    {
        var state = Published();

        Run(state, new ArchiveProduct(SellerId, 2, Now));

        Assert.Equal((ProductStatus.Archived, 3L), (state.Status, state.Version));
        Assert.Empty(Decide(state, new ArchiveProduct(SellerId, 3, Now)));
        Assert.Throws<ConflictException>(() => Decide(state, new EditProduct(SellerId, 3, Draft(), Now)));
        // Published again, it keeps the standing it had: no second first publication.
        var republished = Assert.IsType<ProductPublished>(Assert.Single(Run(state, new PublishProduct(SellerId, 3, true, Now))));
        Assert.Null(republished.FirstModeration);
    }

    [Fact]
    public void Editing_a_published_cards_text_sends_it_back_to_the_rules_and_a_price_change_does_not()
    {
        var state = Published();
        Run(state, new JudgeProduct(2, null, Now));

        var repriced = Assert.IsType<ProductEdited>(Assert.Single(Run(state, new EditProduct(SellerId, 2, Draft(variants: new VariantDraft("LAMP-1", null, 2490m, "RUB")), Now))));
        Assert.Null(repriced.Moderation);
        Assert.Equal((ProductModerationStatus.Approved, 3L), (state.Moderation!.Status, state.Version));

        var rewritten = Assert.IsType<ProductEdited>(Assert.Single(Run(state, new EditProduct(SellerId, 3, Draft(description: "Brighter now."), Now))));
        Assert.Equal(new ProductModeration(ProductModerationStatus.Pending, 4), rewritten.Moderation);
        Assert.Equal((ProductChangeKind.Edited, true), ProductAnnouncements.Of(rewritten));
    }

    [Fact]
    public void A_verdict_counts_only_for_the_revision_awaiting_the_rules_and_keeps_the_sellers_version()
    {
        var state = Published();

        Assert.Empty(Decide(state, new JudgeProduct(1, null, Now)));
        var blocked = Assert.IsType<ProductModerationDecided>(Assert.Single(Run(state, new JudgeProduct(2, "Links are not allowed.", Now))));

        Assert.Equal((ProductModerationStatus.Blocked, ProductModeration.DecidedByRules, Now), (blocked.Moderation.Status, blocked.Moderation.DecidedBy, blocked.Moderation.DecidedAt));
        Assert.Equal(2, state.Version);
        Assert.Empty(Decide(state, new JudgeProduct(2, null, Now)));
        // Edited after the rules' block, the card is rechecked with the reason kept.
        Run(state, new EditProduct(SellerId, 2, Draft(description: "Fixed."), Now));
        Assert.Equal((ProductModerationStatus.Rechecking, 3L, "Links are not allowed."), (state.Moderation!.Status, state.Moderation.Revision, state.Moderation.Reason));
    }

    [Fact]
    public void An_operators_block_holds_the_next_edit_for_an_operator_whom_the_rules_cannot_overrule()
    {
        var state = Published();
        Run(state, new JudgeProduct(2, null, Now));
        Assert.Throws<ConflictException>(() => Decide(state, new ApproveProduct(Now)));
        Assert.Throws<ValidationException>(() => Decide(state, new BlockProduct("", Now)));

        Run(state, new BlockProduct("Counterfeit.", Now));
        Assert.Equal((ProductModerationStatus.Blocked, ProductModeration.DecidedByOperator), (state.Moderation!.Status, state.Moderation.DecidedBy));
        Run(state, new EditProduct(SellerId, 2, Draft(description: "Genuine, promise."), Now));
        Assert.Equal(ProductModerationStatus.Held, state.Moderation!.Status);
        Assert.Empty(Decide(state, new JudgeProduct(3, null, Now)));

        Run(state, new ApproveProduct(Now));
        Assert.Equal((ProductModerationStatus.Approved, 3L), (state.Moderation!.Status, state.Moderation.Revision));
    }

    [Fact]
    public void Only_a_card_that_was_published_can_be_blocked()
    {
        Assert.Throws<NotFoundException>(() => Decide(new State(), new BlockProduct("Counterfeit.", Now)));
        Assert.Throws<ConflictException>(() => Decide(Created(), new BlockProduct("Counterfeit.", Now)));
    }

    [Fact]
    public void The_sellers_standing_hides_the_card_once_and_publishing_again_shows_it()
    {
        var state = Published();

        Assert.Empty(Decide(state, new ChangeSellerStanding(SellerActive: true)));
        Assert.IsType<SellerStandingChanged>(Assert.Single(Run(state, new ChangeSellerStanding(SellerActive: false))));
        Assert.True(state.SellerSuspended);
        Assert.Empty(Decide(state, new ChangeSellerStanding(SellerActive: false)));
        Assert.Empty(Decide(new State(), new ChangeSellerStanding(SellerActive: false)));
    }

    [Fact]
    public void Stock_reports_count_by_revision_and_only_a_change_shoppers_see_is_announced()
    {
        var state = Created();

        var first = Assert.IsType<StockRecorded>(Assert.Single(Run(state, new ReportStock("LAMP-1", 5, Revision: 1))));
        Assert.True(first.Announced);
        Assert.Equal((ProductChangeKind.StockChanged, false), ProductAnnouncements.Of(first));
        Assert.Empty(Decide(state, new ReportStock("LAMP-1", 2, Revision: 1)));
        Assert.Empty(Decide(state, new ReportStock("LAMP-1", 9, Revision: 0)));

        var sameAvailability = Assert.IsType<StockRecorded>(Assert.Single(Run(state, new ReportStock("LAMP-1", 5, Revision: 2))));
        Assert.False(sameAvailability.Announced);
        Assert.Equal((null, false), ProductAnnouncements.Of(sameAvailability));
        Assert.Equal(new VariantStock("LAMP-1", 5, 2), Assert.Single(state.Stock));

        // A read at activation counts when it differs and keeps the revision, so the next report still orders after it.
        Assert.Empty(Decide(state, new ReportStock("LAMP-1", 5, Revision: null)));
        Assert.True(Assert.IsType<StockRecorded>(Assert.Single(Run(state, new ReportStock("LAMP-1", 3, Revision: null)))).Announced);
        Assert.Equal(new VariantStock("LAMP-1", 3, 2), Assert.Single(state.Stock));

        // A sku the card does not sell is kept but never announced.
        Assert.False(Assert.IsType<StockRecorded>(Assert.Single(Decide(state, new ReportStock("GONE-1", 4, Revision: 1)))).Announced);
    }

    [Fact]
    public void A_sale_from_plenty_of_stock_is_kept_without_an_announcement_and_the_last_few_are_counted_down()
    {
        var state = Created();
        Assert.True(Assert.IsType<StockRecorded>(Assert.Single(Run(state, new ReportStock("LAMP-1", 500, Revision: 1)))).Announced);

        var sale = Assert.IsType<StockRecorded>(Assert.Single(Run(state, new ReportStock("LAMP-1", 499, Revision: 2))));
        Assert.False(sale.Announced);
        Assert.Equal(new VariantStock("LAMP-1", 499, 2), Assert.Single(state.Stock));
        Assert.False(Assert.IsType<StockRecorded>(Assert.Single(Run(state, new ReportStock("LAMP-1", ProductCore.ExactStockBelow + 1, Revision: 3)))).Announced);

        Assert.True(Assert.IsType<StockRecorded>(Assert.Single(Run(state, new ReportStock("LAMP-1", ProductCore.ExactStockBelow, Revision: 4)))).Announced);
        Assert.True(Assert.IsType<StockRecorded>(Assert.Single(Run(state, new ReportStock("LAMP-1", 1, Revision: 5)))).Announced);
        Assert.True(Assert.IsType<StockRecorded>(Assert.Single(Run(state, new ReportStock("LAMP-1", 0, Revision: 6)))).Announced);
        Assert.True(Assert.IsType<StockRecorded>(Assert.Single(Run(state, new ReportStock("LAMP-1", 40, Revision: 7)))).Announced);
    }

    [Fact]
    public void Only_new_skus_of_an_edit_start_with_their_stock()
    {
        var state = Created();

        var initial = ProductCore.InitialStock(state, ProductCore.Normalize(Draft(variants: [new VariantDraft("LAMP-1", null, 1990m, "RUB", 5), new VariantDraft("LAMP-2", null, 2990m, "RUB", 3), new VariantDraft("LAMP-3", null, 2990m, "RUB")])));

        Assert.Equal(["LAMP-2"], initial.Select(v => v.Sku));
    }
}
