using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Catalog;

public static class ProductIds
{
    /// <summary>
    /// The product a create request makes: with an idempotency key the same seller and key always name the same
    /// product, so a retried create finds the card it made; without one, a new product.
    /// </summary>
    public static Guid ForCreation(Guid sellerId, string? idempotencyKey) => idempotencyKey is null
        ? Guid.NewGuid()
        : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"product:{sellerId:N}:{idempotencyKey}")).AsSpan(0, 16));
}
