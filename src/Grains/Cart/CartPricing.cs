using Marketplace.Cart;
using Marketplace.Catalog;
using Marketplace.Promotions;

namespace Marketplace.Grains.Cart;

/// <summary>How a cart reads to the shopper and to checkout: each line re-priced from its variant as sold now.</summary>
public static class CartPricing
{
    /// <summary>A line as the variant sells it now (null: the product or sku is gone).</summary>
    public static CartLine Priced(CartLineState line, VariantSnapshot? variant)
    {
        var availability = variant switch
        {
            null or { Purchasable: false } => LineAvailability.Unavailable,
            { Available: <= 0 } => LineAvailability.OutOfStock,
            _ when variant.Available < line.Quantity => LineAvailability.InsufficientStock,
            _ => LineAvailability.InStock,
        };
        var price = variant?.Price ?? line.AcceptedUnitPrice;
        return new CartLine(line.Item.ProductId, line.Item.Sku, variant?.SellerId ?? line.SellerId, variant?.Title ?? line.Title,
            line.Quantity, price, variant?.Currency ?? line.Currency, price * line.Quantity,
            variant is not null && variant.Price != line.AcceptedUnitPrice, line.AcceptedUnitPrice,
            Math.Max(variant?.Available ?? 0, 0), availability, variant is not null && variant.ListPrice > variant.Price ? variant.ListPrice : null, variant?.Category ?? "");
    }

    /// <summary>The lines a promo code is quoted for: those that can be bought, in the cart's order.</summary>
    public static List<PromoLine> PromoLines(IReadOnlyList<CartLine> lines) =>
        lines.Where(l => l.CanBuy).Select(l => new PromoLine(l.ProductId, l.Sku, l.SellerId, l.Category, l.LineTotal, l.Currency)).ToList();

    /// <summary>
    /// The cart's view: the total counts only the lines that can be bought, less the code's discount, whose shares
    /// (<paramref name="quote"/>, of <see cref="PromoLines"/>) the buyable lines show.
    /// </summary>
    public static CartView View(IReadOnlyList<CartLine> lines, long version, PromoQuote? quote = null)
    {
        var shares = new Queue<decimal>(quote?.Discounts ?? []);
        var priced = lines.Select(l => l.CanBuy && shares.TryDequeue(out var share) ? l with { PromoDiscount = share } : l).ToList();
        var buyable = priced.Where(l => l.CanBuy).ToList();
        var promo = quote is null ? null : new CartPromo(quote.Code, quote.Applies, quote.Reason, quote.Discount);
        return new CartView(priced, buyable.Sum(l => l.LineTotal) - (quote?.Discount ?? 0), lines.FirstOrDefault()?.Currency, lines.Sum(l => l.Quantity),
            lines.Any(l => !l.CanBuy || l.PriceChanged), version, promo,
            buyable.Sum(l => l.ListPrice is { } list ? (list - l.UnitPrice) * l.Quantity : 0), quote?.Discount ?? 0);
    }

    /// <summary>What checkout orders: the view's lines grouped by seller, each subtotal of its buyable lines.</summary>
    public static CheckoutCart ForCheckout(CartView view) => new(
        view.Lines.GroupBy(l => l.SellerId).Select(g => new SellerCart(g.Key, g.ToList(), g.Where(l => l.CanBuy).Sum(l => l.LineTotal))).ToList(),
        view.Total, view.Currency!, view.HasIssues, view.Version, view.Promo?.Code);
}
