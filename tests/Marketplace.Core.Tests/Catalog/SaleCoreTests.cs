using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Grains.Catalog;
using State = Marketplace.Grains.Catalog.ProductGrain.ProductState;

namespace Marketplace.Core.Tests.Catalog;

/// <summary>A seller's sales on the product core: what a sale may be, what a variant costs when, and when prices move.</summary>
public sealed class SaleCoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid ProductId = Guid.NewGuid();
    private static readonly Guid SellerId = Guid.NewGuid();

    private static State Card()
    {
        var state = new State();
        Run(state, new CreateProduct(SellerId, new ProductDraft("Kettle", null, "home/kitchen", null, null, [],
            [new VariantDraft("RED", null, 1000m, "RUB"), new VariantDraft("BLUE", null, 1200m, "RUB")]), true, Now));
        return state;
    }

    private static IReadOnlyList<ProductEvent> Run(State state, ProductCommand command)
    {
        var events = ProductCore.Decide(state, ProductId, command);
        foreach (var happened in events)
        {
            ProductCore.Apply(state, happened);
        }
        return events;
    }

    private static ScheduleSale Schedule(State state, string? sku, decimal price, DateTimeOffset startsAt, DateTimeOffset endsAt, Guid? saleId = null) =>
        new(SellerId, state.Version, saleId ?? Guid.NewGuid(), new SaleDraft(sku, price, startsAt, endsAt), Now);

    private static ProductVariant Variant(State state, string sku, DateTimeOffset at) => ProductSnapshots.Of(ProductId, state, at)!.Variants.Single(v => v.Sku == sku);

    [Fact]
    public void A_scheduled_sale_is_a_new_version_announced_as_a_price_change_and_prices_the_variant_only_while_it_runs()
    {
        var state = Card();
        var starts = Now.AddHours(1);
        var ends = Now.AddDays(2);

        var scheduled = Assert.IsType<SaleScheduled>(Assert.Single(Run(state, Schedule(state, " RED ", 799.90m, starts, ends))));

        Assert.Equal(("RED", 2L), (scheduled.Sale.Sku, state.Version));
        Assert.Equal((ProductChangeKind.PriceChanged, false), ProductAnnouncements.Of(scheduled));
        Assert.Equal((1000m, (decimal?)null, (DateTimeOffset?)null), Priced(Variant(state, "RED", starts.AddTicks(-1))));
        Assert.Equal((799.90m, (decimal?)1000m, (DateTimeOffset?)ends), Priced(Variant(state, "RED", starts)));
        Assert.Equal((1000m, (decimal?)null, (DateTimeOffset?)null), Priced(Variant(state, "RED", ends)));
        Assert.Equal(1200m, Variant(state, "BLUE", starts).Price);
        Assert.Equal(799.90m, ProductSnapshots.Of(ProductId, state, starts)!.MinPrice);
    }

    [Fact]
    public void A_sale_without_a_sku_lowers_every_variant_and_must_be_below_each_list_price()
    {
        var state = Card();

        var refused = Assert.Throws<ValidationException>(() => Run(state, Schedule(state, null, 1100m, Now, Now.AddDays(1))));
        Run(state, Schedule(state, null, 900m, Now, Now.AddDays(1)));

        Assert.Contains("1000", Assert.Single(refused.Errors["price"]));
        Assert.Equal((900m, 900m), (Variant(state, "RED", Now).Price, Variant(state, "BLUE", Now).Price));
    }

    [Theory]
    [InlineData("RED", 1000, 0, 24, "price")]
    [InlineData("RED", 1500, 0, 24, "price")]
    [InlineData("RED", 0, 0, 24, "price")]
    [InlineData("RED", -5, 0, 24, "price")]
    [InlineData("RED", 9.999, 0, 24, "price")]
    [InlineData("GREEN", 500, 0, 24, "sku")]
    [InlineData("RED", 500, 24, 24, "endsAt")]
    [InlineData("RED", 500, -48, -24, "endsAt")]
    [InlineData("RED", 500, 0, 24 * 94, "endsAt")]
    [InlineData("RED", 500, 24 * 367, 24 * 368, "startsAt")]
    public void A_sale_the_card_cannot_take_is_refused_naming_the_field(string sku, double price, int startHours, int endHours, string field)
    {
        var state = Card();

        var refused = Assert.Throws<ValidationException>(() => Run(state, Schedule(state, sku, (decimal)price, Now.AddHours(startHours), Now.AddHours(endHours))));

        Assert.Equal(field, Assert.Single(refused.Errors.Keys));
        Assert.Empty(state.Sales);
    }

    [Fact]
    public void Sales_of_the_same_variant_may_follow_each_other_but_not_overlap_and_a_product_wide_sale_overlaps_every_variant()
    {
        var state = Card();
        Run(state, Schedule(state, "RED", 900m, Now, Now.AddDays(1)));

        Run(state, Schedule(state, "RED", 800m, Now.AddDays(1), Now.AddDays(2)));
        Run(state, Schedule(state, "BLUE", 800m, Now, Now.AddDays(2)));

        Assert.Throws<ConflictException>(() => Run(state, Schedule(state, "RED", 700m, Now.AddHours(23), Now.AddDays(3))));
        Assert.Throws<ConflictException>(() => Run(state, Schedule(state, null, 700m, Now.AddDays(1.5), Now.AddDays(3))));
        Assert.Equal(3, state.Sales.Count);
    }

    [Fact]
    public void Replacing_a_sale_may_move_it_over_its_own_period_a_repeat_changes_nothing_and_edits_need_the_current_version()
    {
        var state = Card();
        var saleId = Guid.NewGuid();
        var first = Schedule(state, "RED", 900m, Now, Now.AddDays(1), saleId);
        Run(state, first);

        Assert.Empty(Run(state, first));
        Run(state, Schedule(state, "RED", 850m, Now.AddHours(1), Now.AddDays(1), saleId));
        Assert.Throws<VersionMismatchException>(() => Run(state, Schedule(state, "RED", 800m, Now, Now.AddDays(1), saleId) with { ExpectedVersion = 1 }));
        Assert.Throws<ForbiddenException>(() => Run(state, Schedule(state, "RED", 800m, Now, Now.AddDays(1)) with { SellerId = Guid.NewGuid() }));

        Assert.Equal((850m, 3L), (Assert.Single(state.Sales).Price, state.Version));
    }

    [Fact]
    public void Withdrawing_a_sale_restores_the_list_price_and_an_unknown_sale_is_not_found()
    {
        var state = Card();
        var saleId = Guid.NewGuid();
        Run(state, Schedule(state, "RED", 900m, Now, Now.AddDays(1), saleId));

        Assert.Throws<NotFoundException>(() => Run(state, new WithdrawSale(SellerId, state.Version, Guid.NewGuid(), Now)));
        Assert.IsType<SaleWithdrawn>(Assert.Single(Run(state, new WithdrawSale(SellerId, state.Version, saleId, Now.AddMinutes(1)))));

        Assert.Equal(1000m, Variant(state, "RED", Now.AddMinutes(2)).Price);
        Assert.Null(SaleRules.NextBoundary(state.Sales, state.PricesAsOf));
    }

    [Fact]
    public void The_price_watch_announces_each_start_and_end_once_they_are_due_and_forgets_sales_that_ended()
    {
        var state = Card();
        var starts = Now.AddHours(1);
        var ends = Now.AddHours(5);
        Run(state, Schedule(state, "RED", 900m, starts, ends));

        Assert.Equal(starts, SaleRules.NextBoundary(state.Sales, state.PricesAsOf));
        Assert.Empty(Run(state, new CrossPriceBoundary(starts.AddSeconds(-1))));
        var started = Assert.IsType<PricesMoved>(Assert.Single(Run(state, new CrossPriceBoundary(starts.AddSeconds(2)))));
        Assert.Equal((ProductChangeKind.PriceChanged, false), ProductAnnouncements.Of(started));
        Assert.Equal(ends, SaleRules.NextBoundary(state.Sales, state.PricesAsOf));
        Assert.Empty(Run(state, new CrossPriceBoundary(starts.AddSeconds(3))));
        Assert.Single(Run(state, new CrossPriceBoundary(ends)));

        Assert.Empty(state.Sales);
        Assert.Null(SaleRules.NextBoundary(state.Sales, state.PricesAsOf));
        Assert.Equal(4L, state.Version);
    }

    [Fact]
    public void A_list_price_edited_below_a_sale_price_wins()
    {
        var state = Card();
        Run(state, Schedule(state, "RED", 900m, Now, Now.AddDays(1)));

        Run(state, new EditProduct(SellerId, state.Version, new ProductDraft("Kettle", null, "home/kitchen", null, null, [],
            [new VariantDraft("RED", null, 850m, "RUB"), new VariantDraft("BLUE", null, 1200m, "RUB")]), Now));

        Assert.Equal((850m, (decimal?)null), (Variant(state, "RED", Now.AddMinutes(1)).Price, Variant(state, "RED", Now.AddMinutes(1)).ListPrice));
    }

    private static (decimal, decimal?, DateTimeOffset?) Priced(ProductVariant variant) => (variant.Price, variant.ListPrice, variant.SaleEndsAt);
}
