using Marketplace.Catalog;
using State = Marketplace.Grains.Catalog.ProductGrain.ProductState;

namespace Marketplace.Grains.Catalog;

/// <summary>The public view of a card's state (what the gateways return and ProductChanged carries), priced at a moment.</summary>
public static class ProductSnapshots
{
    /// <summary>Null while the card does not exist. Variants cost what a sale running at <paramref name="now"/> asks, with the list price beside it.</summary>
    public static ProductSnapshot? Of(Guid productId, State state, DateTimeOffset now)
    {
        if (state.Content is not { } content)
        {
            return null;
        }
        return new ProductSnapshot(
            productId, state.SellerId, content.Title, content.Description ?? "", content.Category, content.Brand ?? "",
            content.Attributes ?? new Dictionary<string, string>(),
            state.Status,
            content.Variants.Select(v => Variant(v, state, now)).ToList(),
            content.Images ?? [],
            state.Version, state.CreatedAt, state.UpdatedAt, state.PublishedAt, !state.SellerSuspended, state.Moderation);
    }

    private static ProductVariant Variant(VariantDraft variant, State state, DateTimeOffset now)
    {
        var available = state.Stock.FirstOrDefault(s => s.Sku == variant.Sku)?.Available ?? 0;
        var attributes = variant.Attributes ?? new Dictionary<string, string>();
        // A list price edited below a scheduled sale's price wins: a sale never raises a price.
        return SaleRules.RunningFor(state.Sales, variant.Sku, now) is { } sale && sale.Price < variant.Price
            ? new ProductVariant(variant.Sku, attributes, sale.Price, variant.Currency, available, variant.Price, sale.EndsAt)
            : new ProductVariant(variant.Sku, attributes, variant.Price, variant.Currency, available);
    }
}

/// <summary>A card's snapshot as of now: computed once per change, and again once a sale starts or ends.</summary>
public sealed class ProductSnapshotCache(Guid productId, TimeProvider clock)
{
    private ProductSnapshot? _snapshot;
    private DateTimeOffset _pricedUntil;

    /// <summary>Null while the card does not exist.</summary>
    public ProductSnapshot? Of(State state)
    {
        var now = clock.GetUtcNow();
        if (_snapshot is null || now >= _pricedUntil)
        {
            _snapshot = ProductSnapshots.Of(productId, state, now);
            _pricedUntil = SaleRules.NextBoundary(state.Sales, now) ?? DateTimeOffset.MaxValue;
        }
        return _snapshot;
    }

    public void Invalidate() => _snapshot = null;
}
