using System.Security.Cryptography;
using System.Text.Json;
using Marketplace.Logistics;

namespace Marketplace.Ordering;

/// <summary>
/// What identifies a checkout request behind its idempotency key (<see cref="PlaceOrder.RequestHash"/>): the same key
/// sent again with the same items, address, payment method, cart and promo code is a retry; with anything else, another request.
/// </summary>
public static class CheckoutFingerprint
{
    public static string Of(IReadOnlyList<OrderLineRequest> lines, DeliveryAddress address, string paymentMethod, string? cartKey, string? promoCode = null) =>
        // Without a code the fingerprint is what it was before codes existed, so a retry of an older request still matches.
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(promoCode is null
            ? (object)new { lines, address, paymentMethod, cartKey }
            : new { lines, address, paymentMethod, cartKey, promoCode })));
}
