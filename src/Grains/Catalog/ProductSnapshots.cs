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

    /// <summary>What checkout and the cart read of one variant: its price now, the list price it is marked down from, and the card's standing.</summary>
    public static VariantSnapshot? VariantOf(ProductSnapshot product, string sku) =>
        product.Variants.FirstOrDefault(v => string.Equals(v.Sku, sku, StringComparison.Ordinal)) is { } variant
            ? new VariantSnapshot(product.ProductId, variant.Sku, product.SellerId, product.Title, variant.Price, variant.Currency, variant.Available,
                product.Visible, variant.ListPrice ?? variant.Price, product.Category)
            : null;

    /// <summary>The card's sales that have not ended at <paramref name="now"/>.</summary>
    public static ProductSales SalesOf(Guid productId, State state, DateTimeOffset now) =>
        new(productId, state.Sales.Where(s => s.EndsAt > now).ToList(), state.Version);

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

    /// <summary>Null while the card or the sku does not exist.</summary>
    public VariantSnapshot? VariantOf(State state, string sku) =>
        Of(state) is { } product ? ProductSnapshots.VariantOf(product, sku) : null;

    public void Invalidate() => _snapshot = null;
}
