using Marketplace.Cart;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Cart;
using State = Marketplace.Grains.Cart.CartGrain.CartState;

namespace Marketplace.Core.Tests.Cart;

/// <summary>A cart's decisions and its pricing without a cluster: quantities, stock, currency, line limit, repeats, merges.</summary>
public sealed class CartCoreTests
{
    private const int MaxLines = 3;
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CartItem Lamp = new(Guid.NewGuid(), "LAMP-1");

    private static VariantSnapshot Variant(CartItem item, int available = 5, decimal price = 1990m, string currency = "RUB", bool purchasable = true) =>
        new(item.ProductId, item.Sku, Guid.NewGuid(), "Desk lamp", price, currency, available, purchasable, price, "home/lighting");

    private static IReadOnlyList<CartEvent> Run(State state, CartCommand command)
    {
        var events = CartCore.Decide(state, command);
        foreach (var happened in events)
        {
            CartCore.Apply(state, happened);
        }
        return events;
    }

    private static State WithLamp(int quantity = 2)
    {
        var state = new State();
        Run(state, new AddToCart(Lamp, quantity, null, Variant(Lamp, available: 100), MaxLines, Now));
        return state;
    }

    [Fact]
    public void Adding_adds_to_the_line_at_the_current_price_once_per_idempotency_key()
    {
        var state = new State();

        Run(state, new AddToCart(Lamp, 2, "key-1", Variant(Lamp), MaxLines, Now));
        Assert.Empty(Run(state, new AddToCart(Lamp, 2, "key-1", Variant(Lamp), MaxLines, Now)));
        Run(state, new AddToCart(Lamp, 1, "key-2", Variant(Lamp, price: 2490m), MaxLines, Now.AddMinutes(1)));

        var line = Assert.Single(state.Lines);
        Assert.Equal((3, 2490m, Now), (line.Quantity, line.AcceptedUnitPrice, line.AddedAt));
        Assert.Equal((2L, Now.AddMinutes(1)), (state.Version, state.LastTouched));
    }

    [Fact]
    public void Adding_is_refused_beyond_free_stock_off_sale_unknown_in_another_currency_past_the_line_limit_and_outside_1_to_99()
    {
        var state = WithLamp(2);

        Assert.Contains("Only 5", Assert.Throws<ConflictException>(() => Run(state, new AddToCart(Lamp, 4, null, Variant(Lamp), MaxLines, Now))).Message);
        Assert.Contains("out of stock", Assert.Throws<ConflictException>(() => Run(state, new AddToCart(Lamp, 1, null, Variant(Lamp, available: 0), MaxLines, Now))).Message);
        Assert.Contains("not on sale", Assert.Throws<ConflictException>(() => Run(state, new AddToCart(Lamp, 1, null, Variant(Lamp, purchasable: false), MaxLines, Now))).Message);
        Assert.Throws<NotFoundException>(() => Run(state, new AddToCart(Lamp, 1, null, null, MaxLines, Now)));
        var euro = new CartItem(Guid.NewGuid(), "EU-1");
        Assert.Throws<ConflictException>(() => Run(state, new AddToCart(euro, 1, null, Variant(euro, currency: "EUR"), MaxLines, Now)));
        Assert.Throws<ValidationException>(() => Run(state, new AddToCart(Lamp, 0, null, Variant(Lamp), MaxLines, Now)));
        Assert.Throws<ValidationException>(() => Run(state, new AddToCart(Lamp, Amounts.MaxQuantityPerLine, null, Variant(Lamp, available: 1000), MaxLines, Now)));
        for (var i = 1; i < MaxLines; i++)
        {
            var other = new CartItem(Guid.NewGuid(), $"OTHER-{i}");
            Run(state, new AddToCart(other, 1, null, Variant(other), MaxLines, Now));
        }
        var oneTooMany = new CartItem(Guid.NewGuid(), "MORE-1");
        Assert.Throws<ConflictException>(() => Run(state, new AddToCart(oneTooMany, 1, null, Variant(oneTooMany), MaxLines, Now)));
    }

    [Fact]
    public void Setting_a_quantity_checks_stock_only_when_it_grows_and_0_removes_the_line()
    {
        var state = WithLamp(2);

        Assert.Throws<ConflictException>(() => Run(state, new SetLineQuantity(Lamp, 6, Variant(Lamp), Now)));
        Run(state, new SetLineQuantity(Lamp, 1, null, Now));
        Assert.Equal(1, Assert.Single(state.Lines).Quantity);
        Assert.Throws<NotFoundException>(() => Run(state, new SetLineQuantity(new CartItem(Guid.NewGuid(), "NONE"), 1, null, Now)));

        Run(state, new SetLineQuantity(Lamp, 0, null, Now));
        Assert.Empty(state.Lines);
        Assert.Throws<NotFoundException>(() => Run(state, new RemoveLine(Lamp, Now)));
        Assert.Empty(Run(state, new ClearCart(Now)));
    }

    [Fact]
    public void A_changed_price_is_flagged_until_accepted_and_only_buyable_lines_count()
    {
        var state = WithLamp(2);
        var line = state.Lines[0];

        var repriced = CartPricing.Priced(line, Variant(Lamp, price: 2490m));
        Assert.Equal((true, 1990m, 4980m, LineAvailability.InStock), (repriced.PriceChanged, repriced.PreviousUnitPrice, repriced.LineTotal, repriced.Availability));
        Assert.Equal(LineAvailability.InsufficientStock, CartPricing.Priced(line, Variant(Lamp, available: 1)).Availability);
        Assert.Equal(LineAvailability.Unavailable, CartPricing.Priced(line, null).Availability);

        Run(state, new AcceptPrices([repriced], Now));
        Assert.Equal(2490m, state.Lines[0].AcceptedUnitPrice);
        Assert.Empty(Run(state, new AcceptPrices([CartPricing.Priced(state.Lines[0], Variant(Lamp, price: 2490m))], Now)));

        var view = CartPricing.View([repriced, CartPricing.Priced(line, Variant(Lamp, available: 0))], state.Version);
        Assert.Equal((4980m, true, 4), (view.Total, view.HasIssues, view.ItemCount));
        var checkout = CartPricing.ForCheckout(view);
        Assert.Equal(2, checkout.Sellers.Count);
        Assert.Equal(4980m, checkout.Sellers.Sum(s => s.Subtotal));
    }

    [Fact]
    public void An_anonymous_cart_merges_once_per_version_adding_quantities_up_to_the_line_limit()
    {
        var state = WithLamp(98);
        var other = new CartItem(Guid.NewGuid(), "OTHER-1");
        var anonymous = new CartContents(
            [new CartLineState(Lamp, 5, 1990m, "RUB", Guid.Empty, "Desk lamp", Now), new CartLineState(other, 1, 10m, "RUB", Guid.Empty, "Other", Now)], 7);

        Assert.Single(Run(state, new MergeCart("anon-1", anonymous, MaxLines, Now)));
        Assert.Empty(Run(state, new MergeCart("anon-1", anonymous, MaxLines, Now)));
        Assert.Empty(Run(state, new MergeCart("anon-2", anonymous with { Lines = [] }, MaxLines, Now)));

        Assert.Equal([(Lamp, Amounts.MaxQuantityPerLine), (other, 1)], state.Lines.Select(l => (l.Item, l.Quantity)));
    }

    [Fact]
    public void Only_the_latest_idempotency_keys_are_remembered()
    {
        var state = new State();
        for (var i = 0; i <= CartCore.RememberedKeys; i++)
        {
            Run(state, new AddToCart(Lamp, 1, $"key-{i}", Variant(Lamp, available: 1000), MaxLines, Now));
            Run(state, new SetLineQuantity(Lamp, 1, null, Now));
        }

        Assert.Equal(CartCore.RememberedKeys, state.IdempotencyKeys.Count);
        Assert.Single(Run(state, new AddToCart(Lamp, 1, "key-0", Variant(Lamp, available: 1000), MaxLines, Now)));
    }

    [Fact]
    public void The_view_shows_a_sale_beside_its_old_price_and_the_codes_share_on_each_buyable_line_and_a_code_is_kept_until_the_cart_is_emptied()
    {
        var state = new State();
        var kettle = new CartItem(Guid.NewGuid(), "KETTLE-1");
        Run(state, new AddToCart(Lamp, 2, null, Variant(Lamp), MaxLines, Now));
        Run(state, new AddToCart(kettle, 1, null, Variant(kettle), MaxLines, Now));
        var onSale = CartPricing.Priced(state.Lines[0], Variant(Lamp) with { Price = 1490m, ListPrice = 1990m });
        var soldOut = CartPricing.Priced(state.Lines[1], Variant(kettle, available: 0));
        Assert.Single(Run(state, new ApplyCode("WINTER", Now)));
        Assert.Empty(Run(state, new ApplyCode("WINTER", Now)));

        var promoLines = CartPricing.PromoLines([onSale, soldOut]);
        var view = CartPricing.View([onSale, soldOut], state.Version, new Marketplace.Promotions.PromoQuote("WINTER", true, null, 298m, [298m], 1));

        Assert.Equal((2980m, "home/lighting"), (Assert.Single(promoLines).Amount, promoLines[0].Category));
        Assert.Equal((1990m, 298m), (view.Lines[0].ListPrice!.Value, view.Lines[0].PromoDiscount));
        Assert.Equal(0m, view.Lines[1].PromoDiscount);
        Assert.Equal((2682m, 1000m, 298m, "WINTER"), (view.Total, view.SellerDiscount, view.PromoDiscount, view.Promo!.Code));
        Assert.Equal("WINTER", CartPricing.ForCheckout(view).PromoCode);
        Run(state, new ClearCart(Now));
        Assert.Null(state.PromoCode);
    }
}
