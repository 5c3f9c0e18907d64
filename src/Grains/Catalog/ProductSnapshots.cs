using Marketplace.Catalog;
using State = Marketplace.Grains.Catalog.ProductGrain.ProductState;

namespace Marketplace.Grains.Catalog;

/// <summary>The public view of a card's state (what the gateways return and ProductChanged carries).</summary>
public static class ProductSnapshots
{
    /// <summary>Null while the card does not exist.</summary>
    public static ProductSnapshot? Of(Guid productId, State state)
    {
        if (state.Content is not { } content)
        {
            return null;
        }
        return new ProductSnapshot(
            productId, state.SellerId, content.Title, content.Description ?? "", content.Category, content.Brand ?? "",
            content.Attributes ?? new Dictionary<string, string>(),
            state.Status,
            content.Variants.Select(v => new ProductVariant(v.Sku, v.Attributes ?? new Dictionary<string, string>(), v.Price, v.Currency,
                state.Stock.FirstOrDefault(s => s.Sku == v.Sku)?.Available ?? 0)).ToList(),
            content.Images ?? [],
            state.Version, state.CreatedAt, state.UpdatedAt, state.PublishedAt, !state.SellerSuspended, state.Moderation);
    }
}
