using System.Diagnostics.Metrics;
using static Marketplace.Grains.Common.MarketplaceMeter;

namespace Marketplace.Grains.Cart;

/// <summary>Business metrics of the cart: items added, by whether the shopper was signed in (the top of the checkout funnel).</summary>
public sealed class CartMetrics
{
    private readonly Counter<long> _itemsAdded;

    public CartMetrics(IMeterFactory meters) =>
        _itemsAdded = Create(meters).CreateCounter<long>("marketplace.cart.items_added",
            description: "Add-to-cart actions (a repeated request with the same idempotency key counts once), by whether the cart is a signed-in shopper's.");

    public void ItemAdded(bool anonymous) => _itemsAdded.Add(1, Tag("anonymous", anonymous));
}
