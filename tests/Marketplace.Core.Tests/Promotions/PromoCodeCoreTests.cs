using Marketplace.Common;
using Marketplace.Grains.Promotions;
using Marketplace.Promotions;
using Marketplace.Promotions.Events;

namespace Marketplace.Core.Tests.Promotions;

/// <summary>A platform promo code on its pure core: its terms, what it takes off which lines, and its redemptions per order.</summary>
public sealed class PromoCodeCoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Kettles = Guid.NewGuid();
    private static readonly Guid Lamps = Guid.NewGuid();

    private static PromoCodeDraft Terms(PromoDiscountKind kind = PromoDiscountKind.Percentage, decimal value = 10, decimal minimum = 0,
        string[]? categories = null, Guid[]? sellers = null, int perShopper = 2, int budget = 3) =>
        new(kind, value, "rub", minimum, categories, sellers, perShopper, budget, Now.AddHours(-1), Now.AddDays(7), "Winter");

    private static PromoCodeState Code(PromoCodeDraft? terms = null)
    {
        var state = new PromoCodeState();
        Run(state, new DefineCode("WINTER", terms ?? Terms(), null, Now));
        return state;
    }

    private static Marketplace.Grains.Common.Decision<PromoCodeEvent> Run(PromoCodeState state, PromoCodeCommand command)
    {
        var decision = PromoCodeCore.Decide(state, command);
        foreach (var change in decision.Events)
        {
            PromoCodeCore.Apply(state, change);
        }
        return decision;
    }

    private static PromoLine Line(decimal amount, Guid seller, string category = "home/kitchen") => new(Guid.NewGuid(), "SKU", seller, category, amount, "RUB");

    [Fact]
    public void Creating_normalises_the_terms_publishes_the_code_and_a_repeat_with_the_same_terms_changes_nothing()
    {
        var state = new PromoCodeState();

        var created = Run(state, new DefineCode("WINTER", Terms(sellers: [Lamps, Kettles, Lamps]), null, Now));

        var changed = Assert.IsType<PromoCodeChanged>(Assert.Single(created.Published));
        Assert.Equal(("WINTER", "RUB", 1L, 1L), (changed.Code.Code, changed.Code.Definition.Currency, changed.Code.Version, changed.Revision));
        Assert.Equal(2, state.Definition!.Sellers!.Count);
        Assert.True(Run(state, new DefineCode("WINTER", Terms(sellers: [Kettles, Lamps]), null, Now)).IsEmpty);
        Assert.Throws<ConflictException>(() => Run(state, new DefineCode("WINTER", Terms(value: 20), null, Now)));
        Assert.Throws<VersionMismatchException>(() => Run(state, new DefineCode("WINTER", Terms(value: 20), 7, Now)));
        Run(state, new DefineCode("WINTER", Terms(value: 20), 1, Now));
        Assert.Equal((20m, 2L), (state.Definition.Value, state.Version));
    }

    [Theory]
    [InlineData(PromoDiscountKind.Percentage, 0, 0, 1, 1, "value")]
    [InlineData(PromoDiscountKind.Percentage, 91, 0, 1, 1, "value")]
    [InlineData(PromoDiscountKind.Percentage, 12.5, 0, 1, 1, "value")]
    [InlineData(PromoDiscountKind.Fixed, -1, 0, 1, 1, "value")]
    [InlineData(PromoDiscountKind.Fixed, 100, -5, 1, 1, "minOrderAmount")]
    [InlineData(PromoDiscountKind.Fixed, 100, 0, 0, 1, "perShopperLimit")]
    [InlineData(PromoDiscountKind.Fixed, 100, 0, 1, 0, "maxRedemptions")]
    [InlineData(PromoDiscountKind.Fixed, 100, 0, 1, 10_001, "maxRedemptions")]
    public void Terms_outside_the_rules_are_refused_naming_the_field(PromoDiscountKind kind, double value, double minimum, int perShopper, int budget, string field)
    {
        var refused = Assert.Throws<ValidationException>(() => Code(Terms(kind, (decimal)value, (decimal)minimum, perShopper: perShopper, budget: budget)));

        Assert.Contains(field, refused.Errors.Keys);
    }

    [Fact]
    public void Unknown_categories_a_period_that_ends_before_it_starts_and_a_bad_currency_are_refused_together()
    {
        var refused = Assert.Throws<ValidationException>(() => Code(Terms(categories: ["no/such"]) with { Currency = "RUBLES", EndsAt = Now.AddHours(-2) }));

        Assert.Equal(["categories", "currency", "endsAt"], refused.Errors.Keys.Order());
    }

    [Fact]
    public void A_percentage_is_shared_across_the_covered_lines_to_the_kopeck_and_lines_of_other_sellers_or_categories_pay_in_full()
    {
        var state = Code(Terms(value: 10, categories: ["home"], sellers: [Kettles]));
        PromoLine[] lines = [Line(333.33m, Kettles), Line(666.67m, Kettles, "home/lighting"), Line(500m, Lamps), Line(200m, Kettles, "electronics/phones")];

        var quote = PromoCodeCore.Quote(state, Guid.NewGuid(), lines, Now);

        Assert.True(quote.Applies);
        Assert.Equal(100m, quote.Discount);
        Assert.Equal([33.33m, 66.67m, 0m, 0m], quote.Discounts);
    }

    [Fact]
    public void A_fixed_amount_never_makes_a_line_free_and_the_minimum_counts_only_covered_lines()
    {
        var state = Code(Terms(PromoDiscountKind.Fixed, 500m, minimum: 300m, sellers: [Kettles]));

        var capped = PromoCodeCore.Quote(state, Guid.Empty, [Line(200m, Kettles), Line(150m, Kettles), Line(900m, Lamps)], Now);
        var below = PromoCodeCore.Quote(state, Guid.Empty, [Line(200m, Kettles), Line(900m, Lamps)], Now);

        Assert.Equal(349.98m, capped.Discount);
        Assert.All(capped.Discounts.Take(2).Zip([200m, 150m]), d => Assert.True(d.First < d.Second));
        Assert.False(below.Applies);
        Assert.Contains("300", below.Reason);
    }

    [Fact]
    public void The_budget_and_the_per_shopper_limit_bound_the_reservations_and_a_repeat_of_an_order_counts_once()
    {
        var state = Code(Terms(perShopper: 2, budget: 3));
        var shopper = Guid.NewGuid();
        var first = Guid.NewGuid();

        var reserved = Assert.IsType<PromoCodeReserved>(Assert.Single(Run(state, new ReserveCode(first, shopper, 50m, 1, Now)).Published));
        Assert.True(Run(state, new ReserveCode(first, shopper, 50m, 1, Now)).IsEmpty);
        Run(state, new ReserveCode(Guid.NewGuid(), shopper, 50m, 1, Now));
        var limit = Assert.Throws<ConflictException>(() => Run(state, new ReserveCode(Guid.NewGuid(), shopper, 50m, 1, Now)));
        Run(state, new ReserveCode(Guid.NewGuid(), Guid.NewGuid(), 50m, 1, Now));
        var usedUp = Assert.Throws<ConflictException>(() => Run(state, new ReserveCode(Guid.NewGuid(), Guid.NewGuid(), 50m, 1, Now)));

        Assert.Equal((0, 1, 50m), (reserved.Redeemed, reserved.Reserved, reserved.Discount));
        Assert.Contains("2 times", limit.Message);
        Assert.Contains("used up", usedUp.Message);
        Assert.False(PromoCodeCore.Quote(state, Guid.NewGuid(), [Line(100m, Kettles)], Now).Applies);
    }

    [Fact]
    public void Confirming_redeems_once_and_releasing_gives_the_redemption_back_whether_reserved_or_redeemed()
    {
        var state = Code(Terms(budget: 1));
        var order = Guid.NewGuid();
        Run(state, new ReserveCode(order, Guid.NewGuid(), 10m, 1, Now));

        var redeemed = Assert.IsType<PromoCodeRedeemed>(Assert.Single(Run(state, new ConfirmCode(order, Now)).Published));
        Assert.True(Run(state, new ConfirmCode(order, Now)).IsEmpty);
        Assert.Throws<ConflictException>(() => Run(state, new ReserveCode(Guid.NewGuid(), Guid.NewGuid(), 10m, 1, Now)));
        var released = Assert.IsType<PromoCodeReleased>(Assert.Single(Run(state, new ReleaseCode(order, "cancelled by the shopper", Now)).Published));
        Assert.True(Run(state, new ReleaseCode(order, "again", Now)).IsEmpty);
        Assert.True(Run(state, new ConfirmCode(order, Now)).IsEmpty);
        Run(state, new ReserveCode(Guid.NewGuid(), Guid.NewGuid(), 10m, 1, Now));

        Assert.Equal((1, 0), (redeemed.Redeemed, redeemed.Reserved));
        Assert.Equal((0, 0, "cancelled by the shopper"), (released.Redeemed, released.Reserved, released.Reason));
        Assert.Equal((0, 1), (state.Redeemed, state.Reserved));
    }

    [Fact]
    public void A_disabled_an_expired_or_a_not_yet_valid_code_and_changed_terms_refuse_a_reservation()
    {
        var state = Code();

        Assert.Contains("changed", Assert.Throws<ConflictException>(() => Run(state, new ReserveCode(Guid.NewGuid(), Guid.NewGuid(), 1m, 0, Now))).Message);
        Assert.Contains("expired", Assert.Throws<ConflictException>(() => Run(state, new ReserveCode(Guid.NewGuid(), Guid.NewGuid(), 1m, 1, Now.AddDays(8)))).Message);
        Assert.Contains("valid from", Assert.Throws<ConflictException>(() => Run(state, new ReserveCode(Guid.NewGuid(), Guid.NewGuid(), 1m, 1, Now.AddHours(-2)))).Message);
        Run(state, new SetCodeStatus(1, PromoCodeStatus.Disabled, Now));
        Assert.Contains("withdrawn", Assert.Throws<ConflictException>(() => Run(state, new ReserveCode(Guid.NewGuid(), Guid.NewGuid(), 1m, 2, Now))).Message);
        Assert.Equal(PromoCodeStatus.Disabled, state.View().Status);
    }

    [Theory]
    [InlineData(" winter-25 ", "WINTER-25")]
    [InlineData("ab", null)]
    [InlineData("bad code", null)]
    [InlineData("-LEADING", null)]
    public void A_code_is_case_insensitive_letters_digits_dashes_and_underscores(string typed, string? key)
    {
        if (key is null)
        {
            Assert.Equal("promoCode", Assert.Single(Assert.Throws<ValidationException>(() => PromoCodes.Normalize(typed, "promoCode")).Errors.Keys));
        }
        else
        {
            Assert.Equal(key, PromoCodes.Normalize(typed));
        }
    }
}
