namespace Marketplace.Cart;

/// <summary>
/// A shopping cart, persisted in Redis (StorageNames.Carts), keyed by <see cref="CartKeys"/>: a signed-in shopper's cart
/// by user id, an anonymous visitor's by a random cart id (those expire when abandoned). Every read re-prices each line
/// from its product grain and flags price changes and missing stock.
/// </summary>
public interface ICartGrain : IGrainWithStringKey
{
    Task<CartView> Get();

    /// <summary>
    /// Adds units of a sku (to its line if already there). A repeat with the same non-null <paramref name="idempotencyKey"/>
    /// changes nothing. NotFoundException for an unknown sku, ConflictException when it is not on sale or too few are in stock.
    /// </summary>
    Task<CartView> Add(CartItem item, int quantity, string? idempotencyKey = null);

    /// <summary>Sets a line's quantity; 0 removes it.</summary>
    Task<CartView> SetQuantity(CartItem item, int quantity);

    Task<CartView> Remove(CartItem item);

    /// <summary>
    /// Keeps a platform promo code on the cart (replacing any other); every view then shows what it takes off, or why
    /// it does not apply, and checkout redeems it. NotFoundException for an unknown code.
    /// </summary>
    Task<CartView> ApplyPromoCode(string code);

    Task<CartView> RemovePromoCode();

    /// <summary>The shopper saw the current prices: price-change flags clear until prices move again.</summary>
    Task<CartView> AcceptPrices();

    /// <summary>Empties the cart (checkout calls it once the order is placed).</summary>
    Task Clear();

    /// <summary>
    /// Moves every line of the anonymous cart <paramref name="anonymousCartKey"/> into this one, adding quantities, and empties it.
    /// Safe to repeat: the same contents (same anonymous cart version) are merged once.
    /// </summary>
    Task<CartView> MergeFrom(string anonymousCartKey);

    /// <summary>The stored lines as they are, unpriced; what <see cref="MergeFrom"/> reads of the anonymous cart.</summary>
    Task<CartContents> GetContents();

    /// <summary>The re-priced lines grouped by seller, for checkout. ConflictException when the cart is empty.</summary>
    Task<CheckoutCart> GetForCheckout();
}

public static class CartKeys
{
    public static string ForUser(Guid userId) => $"user/{userId:N}";

    public static string ForAnonymous(Guid cartId) => $"anon/{cartId:N}";

    /// <summary>The id of a new anonymous cart, which the client keeps (cookie or header) to come back to it.</summary>
    public static Guid NewAnonymousCartId() => Guid.NewGuid();

    public static bool IsAnonymous(string key) => key.StartsWith("anon/", StringComparison.Ordinal);

    /// <summary>The shopper whose cart <paramref name="key"/> is, or null for an anonymous cart.</summary>
    public static Guid? ShopperOf(string key) =>
        key.StartsWith("user/", StringComparison.Ordinal) && Guid.TryParseExact(key["user/".Length..], "N", out var id) ? id : null;
}

/// <summary>One sellable thing: a product's variant.</summary>
[GenerateSerializer, Immutable]
public sealed record CartItem(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku);

/// <summary>
/// A stored line: the price the shopper last accepted is what price-change flags compare against; seller and title are
/// kept to show a line whose product has since disappeared.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CartLineState(
    [property: Id(0)] CartItem Item,
    [property: Id(1)] int Quantity,
    [property: Id(2)] decimal AcceptedUnitPrice,
    [property: Id(3)] string Currency,
    [property: Id(4)] Guid SellerId,
    [property: Id(5)] string Title,
    [property: Id(6)] DateTimeOffset AddedAt);

/// <summary>A cart's stored lines and its version, which every edit (clearing included) raises.</summary>
[GenerateSerializer, Immutable]
public sealed record CartContents(
    [property: Id(0)] IReadOnlyList<CartLineState> Lines,
    [property: Id(1)] long Version);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<LineAvailability>))]
public enum LineAvailability
{
    InStock,

    /// <summary>Fewer units are free than the line wants; <see cref="CartLine.Available"/> says how many.</summary>
    InsufficientStock,
    OutOfStock,

    /// <summary>The product is gone or no longer on sale.</summary>
    Unavailable,
}

/// <summary>
/// A cart line priced now: <see cref="UnitPrice"/> is what a unit costs (a seller's sale price while one runs), and
/// <see cref="ListPrice"/> the old (list) price to show beside it while a sale lowers it (null otherwise).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CartLine(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] string Title,
    [property: Id(4)] int Quantity,
    [property: Id(5)] decimal UnitPrice,
    [property: Id(6)] string Currency,
    [property: Id(7)] decimal LineTotal,
    [property: Id(8)] bool PriceChanged,
    [property: Id(9)] decimal PreviousUnitPrice,
    [property: Id(10)] int Available,
    [property: Id(11)] LineAvailability Availability,
    [property: Id(12)] decimal? ListPrice = null,
    [property: Id(13)] string Category = "",
    [property: Id(14)] decimal PromoDiscount = 0)
{
    public bool CanBuy => Availability == LineAvailability.InStock;
}

/// <summary>
/// The cart as the shopper sees it now. <see cref="Total"/> counts only the lines that can be bought, less the promo
/// code's discount; <see cref="SellerDiscount"/> is what sellers' sales save on them, <see cref="PromoDiscount"/> what the code does.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CartView(
    [property: Id(0)] IReadOnlyList<CartLine> Lines,
    [property: Id(1)] decimal Total,
    [property: Id(2)] string? Currency,
    [property: Id(3)] int ItemCount,
    [property: Id(4)] bool HasIssues,
    [property: Id(5)] long Version,
    [property: Id(6)] CartPromo? Promo = null,
    [property: Id(7)] decimal SellerDiscount = 0,
    [property: Id(8)] decimal PromoDiscount = 0);

/// <summary>The cart's promo code and its effect now: the discount it gives, or why it does not apply.</summary>
[GenerateSerializer, Immutable]
public sealed record CartPromo(
    [property: Id(0)] string Code,
    [property: Id(1)] bool Applies,
    [property: Id(2)] string? Reason,
    [property: Id(3)] decimal Discount);

[GenerateSerializer, Immutable]
public sealed record SellerCart(
    [property: Id(0)] Guid SellerId,
    [property: Id(1)] IReadOnlyList<CartLine> Lines,
    [property: Id(2)] decimal Subtotal);

/// <summary>
/// What checkout orders: every line re-priced now, grouped by seller. Lines that cannot be bought (<see cref="CartLine.CanBuy"/>
/// false) are listed too, so checkout can refuse or skip them; <see cref="Total"/> counts only the buyable ones.
/// <see cref="Version"/> changes with every edit of the cart.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CheckoutCart(
    [property: Id(0)] IReadOnlyList<SellerCart> Sellers,
    [property: Id(1)] decimal Total,
    [property: Id(2)] string Currency,
    [property: Id(3)] bool HasIssues,
    [property: Id(4)] long Version,
    [property: Id(5)] string? PromoCode = null);
