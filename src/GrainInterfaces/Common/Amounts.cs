namespace Marketplace.Common;

/// <summary>
/// Bounds on every price and quantity a caller may send, chosen so no sum the marketplace computes can overflow: the
/// dearest line (<see cref="MaxUnitPrice"/> × <see cref="MaxQuantityPerLine"/>) times the most lines an order holds is
/// about 10^13 kopecks, far inside the processor's long minor units. Grains refuse anything outside them, whoever calls.
/// </summary>
public static class Amounts
{
    /// <summary>The dearest unit price of a variant, in major units (roubles).</summary>
    public const decimal MaxUnitPrice = 10_000_000m;

    /// <summary>The most units of one item a cart line or an order line holds.</summary>
    public const int MaxQuantityPerLine = 99;

    /// <summary>The most units of one variant on hand, and the largest single stock adjustment.</summary>
    public const int MaxStock = 1_000_000;

    /// <summary>A price a variant may carry: positive, at most two decimal places, at most <see cref="MaxUnitPrice"/>; null when it may, else why not.</summary>
    public static string? PriceError(decimal price) => price switch
    {
        <= 0 => "The price must be positive.",
        > MaxUnitPrice => $"The price is at most {MaxUnitPrice:0}.",
        _ when decimal.Round(price, 2) != price => "The price has at most two decimal places.",
        _ => null,
    };

    /// <summary>An on-hand stock level of 0 to <see cref="MaxStock"/>; null when it is, else why not.</summary>
    public static string? StockError(int onHand) => onHand is < 0 or > MaxStock ? $"The stock is 0 to {MaxStock}." : null;

    /// <summary>A line quantity of 1 to <see cref="MaxQuantityPerLine"/>; null when it is, else why not.</summary>
    public static string? QuantityError(int quantity) =>
        quantity is < 1 or > MaxQuantityPerLine ? $"A quantity is 1 to {MaxQuantityPerLine}." : null;
}

/// <summary>Enum values as clients may send them: defined members only (an operator once stored seller status 12345).</summary>
public static class EnumRules
{
    public static T Defined<T>(T value, string field) where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new ValidationException(field, $"One of: {string.Join(", ", Enum.GetNames<T>())}.");
}
