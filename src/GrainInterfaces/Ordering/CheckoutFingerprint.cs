using System.Security.Cryptography;
using System.Text.Json;
using Marketplace.Logistics;

namespace Marketplace.Ordering;

/// <summary>
/// What identifies a checkout request behind its idempotency key (<see cref="PlaceOrder.RequestHash"/>): the same key
/// sent again with the same items, address, payment method and cart is a retry; with anything else, another request.
/// </summary>
public static class CheckoutFingerprint
{
    public static string Of(IReadOnlyList<OrderLineRequest> lines, DeliveryAddress address, string paymentMethod, string? cartKey) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { lines, address, paymentMethod, cartKey })));
}
