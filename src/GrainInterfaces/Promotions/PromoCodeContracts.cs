using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Marketplace.Common;

namespace Marketplace.Promotions;

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<PromoDiscountKind>))]
public enum PromoDiscountKind
{
    /// <summary><see cref="PromoCodeDraft.Value"/> percent (1 to 90) off the lines the code applies to.</summary>
    Percentage,

    /// <summary><see cref="PromoCodeDraft.Value"/> off the lines the code applies to, in the code's currency.</summary>
    Fixed,
}

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<PromoCodeStatus>))]
public enum PromoCodeStatus
{
    Active,

    /// <summary>Switched off by an operator: no new redemptions; those already made stand.</summary>
    Disabled,
}

/// <summary>
/// An operator's platform promo code, funded by the platform: <paramref name="Kind"/> and <paramref name="Value"/> say
/// what it takes off the lines it applies to (every line, or only those of <paramref name="Categories"/> (a category
/// covers its sub-categories) and of <paramref name="Sellers"/>), once those lines come to <paramref name="MinOrderAmount"/>;
/// each shopper redeems it at most <paramref name="PerShopperLimit"/> times and everybody together
/// <paramref name="MaxRedemptions"/> times (its budget), from <paramref name="StartsAt"/> until <paramref name="EndsAt"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PromoCodeDraft(
    [property: Id(0)] PromoDiscountKind Kind,
    [property: Id(1)] decimal Value,
    [property: Id(2)] string Currency,
    [property: Id(3)] decimal MinOrderAmount,
    [property: Id(4)] IReadOnlyList<string>? Categories,
    [property: Id(5)] IReadOnlyList<Guid>? Sellers,
    [property: Id(6)] int PerShopperLimit,
    [property: Id(7)] int MaxRedemptions,
    [property: Id(8)] DateTimeOffset StartsAt,
    [property: Id(9)] DateTimeOffset EndsAt,
    [property: Id(10)] string? Description = null);

/// <summary>A promo code as operators see it; <see cref="Version"/> is its definition's ETag.</summary>
[GenerateSerializer, Immutable]
public sealed record PromoCodeView(
    [property: Id(0)] string Code,
    [property: Id(1)] PromoCodeDraft Definition,
    [property: Id(2)] PromoCodeStatus Status,
    [property: Id(3)] int Redeemed,
    [property: Id(4)] int Reserved,
    [property: Id(5)] long Version,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt)
{
    /// <summary>Redemptions still to be had: the budget less the redeemed and the reserved (by orders not yet paid).</summary>
    public int Remaining => Math.Max(Definition.MaxRedemptions - Redeemed - Reserved, 0);
}

/// <summary>One line a code may apply to: <paramref name="Amount"/> is the line at the seller's price (sales included).</summary>
[GenerateSerializer, Immutable]
public sealed record PromoLine(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] string Category,
    [property: Id(4)] decimal Amount,
    [property: Id(5)] string Currency);

/// <summary>
/// What a code takes off some lines now: <see cref="Discounts"/> is each line's share, in the lines' order (0 for a line
/// it does not apply to), summing to <see cref="Discount"/>. When it does not apply, <see cref="Reason"/> says why.
/// <see cref="Version"/> is the definition priced; a reservation under another version is refused.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PromoQuote(
    [property: Id(0)] string Code,
    [property: Id(1)] bool Applies,
    [property: Id(2)] string? Reason,
    [property: Id(3)] decimal Discount,
    [property: Id(4)] IReadOnlyList<decimal> Discounts,
    [property: Id(5)] long Version);

/// <summary>A code's form: 3 to 32 letters, digits, dashes and underscores, case-insensitive (kept upper-case).</summary>
public static partial class PromoCodes
{
    public const int MaxLength = 32;

    /// <summary>The grain key of a code as a shopper or operator typed it; ValidationException on <paramref name="field"/> when it cannot be one.</summary>
    public static string Normalize(string? code, string field = "code")
    {
        var normal = code?.Trim().ToUpperInvariant() ?? "";
        return Form().IsMatch(normal)
            ? normal
            : throw new ValidationException(field, $"A promo code has 3 to {MaxLength} letters, digits, dashes or underscores.");
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_-]{2,31}$")]
    private static partial Regex Form();
}
