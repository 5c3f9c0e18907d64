using Marketplace.Cart;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Ordering;
using Marketplace.Promotions;

namespace Marketplace.Grains.Ordering;

/// <summary>An order's lines as priced now, their currencies, and the promo code whose discount they carry.</summary>
public sealed record PricedOrder(List<OrderLine> Lines, IReadOnlySet<string> Currencies, PricedCode? Promo);

/// <summary>
/// Prices a checkout request on the server, never from what the client sent: the shopper's cart (re-priced by the
/// cart) or the requested items at today's catalogue prices (sales included), then the promo code (the request's, or
/// the cart's), quoted by the code itself and shared across the lines it covers.
/// </summary>
public sealed class OrderPricing(IGrainFactory grains)
{
    public async Task<PricedOrder> Price(PlaceOrder request)
    {
        var (lines, categories, currencies, cartCode) = request.CartKey is null ? await PriceRequestedLines(request.Lines) : await CartLines(request.CartKey);
        return (request.PromoCode ?? cartCode) is { } code
            ? await WithCode(request.ShopperId, PromoCodes.Normalize(code, "promoCode"), lines, categories, currencies)
            : new PricedOrder(lines, currencies, null);
    }

    private async Task<PricedOrder> WithCode(Guid shopperId, string code, List<OrderLine> lines, List<string> categories, IReadOnlySet<string> currencies)
    {
        PromoQuote quote;
        try
        {
            quote = await grains.GetGrain<IPromoCodeGrain>(code).Quote(shopperId,
                lines.Select((l, i) => new PromoLine(l.ProductId, l.Sku, l.SellerId, categories[i], l.Gross, currencies.First())).ToList());
        }
        catch (NotFoundException)
        {
            throw new ValidationException("promoCode", $"There is no promo code {code}.");
        }
        if (!quote.Applies)
        {
            throw new ConflictException($"The promo code {code} does not apply: {quote.Reason}");
        }
        return new PricedOrder(lines.Select((l, i) => l with { PromoDiscount = quote.Discounts[i] }).ToList(), currencies, new PricedCode(code, quote.Version));
    }

    private async Task<(List<OrderLine>, List<string>, IReadOnlySet<string>, string?)> CartLines(string cartKey)
    {
        var cart = await grains.GetGrain<ICartGrain>(cartKey).GetForCheckout();
        if (cart.HasIssues)
        {
            throw new ConflictException("Some items in the cart changed price or ran out of stock; review the cart before checking out.");
        }
        var cartLines = cart.Sellers.SelectMany(s => s.Lines).ToList();
        var lines = cartLines.Select(l => new OrderLine(l.ProductId, l.Sku, l.SellerId, l.Title, l.UnitPrice, l.Quantity, l.ListPrice ?? l.UnitPrice)).ToList();
        return (lines, cartLines.Select(l => l.Category).ToList(), cartLines.Select(l => l.Currency).ToHashSet(StringComparer.Ordinal), cart.PromoCode);
    }

    private async Task<(List<OrderLine>, List<string>, IReadOnlySet<string>, string?)> PriceRequestedLines(IReadOnlyList<OrderLineRequest> requested)
    {
        if (requested is not { Count: > 0 })
        {
            throw new ValidationException("items", "The order has no items.");
        }
        if (requested.Any(l => l.Quantity <= 0))
        {
            throw new ValidationException("items", "Every quantity must be positive.");
        }
        var merged = requested.GroupBy(l => (l.ProductId, l.Sku)).Select(g => (g.Key.ProductId, g.Key.Sku, Quantity: g.Sum(l => (long)l.Quantity))).ToList();
        if (merged.Any(l => l.Quantity > Amounts.MaxQuantityPerLine))
        {
            throw new ValidationException("items", $"At most {Amounts.MaxQuantityPerLine} units of one item in one order.");
        }
        var variants = await Task.WhenAll(merged.Select(l => grains.GetGrain<IProductGrain>(l.ProductId).GetVariant(l.Sku)));
        var lines = new List<OrderLine>();
        var categories = new List<string>();
        var currencies = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < merged.Count; i++)
        {
            var variant = variants[i];
            if (variant is null || !variant.Purchasable)
            {
                throw new ConflictException($"Product {merged[i].ProductId} sku {merged[i].Sku} is not for sale.");
            }
            currencies.Add(variant.Currency);
            categories.Add(variant.Category);
            lines.Add(new OrderLine(variant.ProductId, variant.Sku, variant.SellerId, variant.Title, variant.Price, (int)merged[i].Quantity, variant.ListPrice));
        }
        return (lines, categories, currencies, null);
    }
}
