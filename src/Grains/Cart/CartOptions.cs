namespace Marketplace.Grains.Cart;

/// <summary>Cart limits and the lifetime of abandoned anonymous carts. Bound from the silo's <c>Cart</c> section.</summary>
public sealed class CartOptions
{
    public const string SectionName = "Cart";

    /// <summary>An anonymous cart untouched this long is emptied and its storage freed.</summary>
    public TimeSpan AnonymousCartLifetime { get; set; } = TimeSpan.FromDays(7);

    public int MaxLines { get; set; } = 100;
}
