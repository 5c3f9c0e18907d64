using Marketplace.Cart;

namespace Marketplace.Grains.Cart;

public sealed partial class CartGrain
{
    /// <summary>What a cart stores: its lines, the keys and carts it has taken in already, its expiry and the code applied.</summary>
    [GenerateSerializer]
    public sealed class CartState
    {
        [Id(0)] public List<CartLineState> Lines { get; set; } = [];
        [Id(1)] public long Version { get; set; }
        [Id(2)] public DateTimeOffset LastTouched { get; set; }
        [Id(3)] public bool ExpiryScheduled { get; set; }
        [Id(4)] public List<string> IdempotencyKeys { get; set; } = [];
        [Id(5)] public List<string> MergedCarts { get; set; } = [];

        /// <summary>The platform promo code the shopper applied, quoted on every read and redeemed at checkout.</summary>
        [Id(6)] public string? PromoCode { get; set; }
    }
}
