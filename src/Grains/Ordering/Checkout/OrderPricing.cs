using Marketplace.Cart;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering;

/// <summary>Prices a checkout request: the shopper's cart (re-priced by the cart) or the requested items at today's catalogue prices.</summary>
public sealed class OrderPricing(IGrainFactory grains)
{
    public async Task<(List<OrderLine> Lines, IReadOnlySet<string> Currencies)> Price(PlaceOrder request) =>
        request.CartKey is null ? await PriceRequestedLines(request.Lines) : await CartLines(request.CartKey);

    private async Task<(List<OrderLine>, IReadOnlySet<string>)> CartLines(string cartKey)
    {
        var cart = await grains.GetGrain<ICartGrain>(cartKey).GetForCheckout();
        if (cart.HasIssues)
        {
            throw new ConflictException("Some items in the cart changed price or ran out of stock; review the cart before checking out.");
        }
        var lines = cart.Sellers.SelectMany(s => s.Lines)
            .Select(l => new OrderLine(l.ProductId, l.Sku, l.SellerId, l.Title, l.UnitPrice, l.Quantity)).ToList();
        return (lines, cart.Sellers.SelectMany(s => s.Lines).Select(l => l.Currency).ToHashSet(StringComparer.Ordinal));
    }

    private async Task<(List<OrderLine>, IReadOnlySet<string>)> PriceRequestedLines(IReadOnlyList<OrderLineRequest> requested)
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
        var currencies = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < merged.Count; i++)
        {
            var variant = variants[i];
            if (variant is null || !variant.Purchasable)
            {
                throw new ConflictException($"Product {merged[i].ProductId} sku {merged[i].Sku} is not for sale.");
            }
            currencies.Add(variant.Currency);
            lines.Add(new OrderLine(variant.ProductId, variant.Sku, variant.SellerId, variant.Title, variant.Price, (int)merged[i].Quantity));
        }
        return (lines, currencies);
    }
}
