using Marketplace.Common;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering;

/// <summary>Catalogue prices are decimals with two places (roubles and kopecks); the processor takes minor units.</summary>
public static class Money
{
    public static long ToMinor(decimal amount) => (long)decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Refuses lines outside <see cref="Amounts"/> before an order is placed: a card priced before the bounds existed
    /// (1e17, say) would otherwise overflow <see cref="ToMinor"/> at every saga step until the payment timeout.
    /// </summary>
    public static void RequirePayable(IEnumerable<OrderLine> lines)
    {
        foreach (var line in lines)
        {
            if (Amounts.PriceError(line.UnitPrice) is not null || Amounts.QuantityError(line.Quantity) is not null)
            {
                throw new ValidationException("items", $"{line.Title} ({line.Sku}) cannot be ordered: {line.Quantity} × {line.UnitPrice} is outside what one order line may be.");
            }
        }
    }
}
