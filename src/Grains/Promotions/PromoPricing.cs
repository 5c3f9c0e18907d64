using Marketplace.Catalog;
using Marketplace.Promotions;

namespace Marketplace.Grains.Promotions;

/// <summary>
/// What a code takes off some lines, without I/O: the lines it applies to (its categories, with their sub-categories,
/// and its sellers; in its currency), once they come to its minimum; a percentage of them or a fixed amount, never so
/// much that a line would cost nothing (each keeps at least one minor unit), shared across them in proportion to their
/// amounts, to the minor unit, the shares summing exactly to the discount.
/// </summary>
public static class PromoPricing
{
    private const decimal MinorUnit = 0.01m;

    /// <summary>Whether the code covers the line (ignoring its minimum and limits).</summary>
    public static bool Covers(PromoCodeDraft definition, PromoLine line) =>
        string.Equals(line.Currency, definition.Currency, StringComparison.Ordinal)
        && (definition.Categories is not { Count: > 0 } categories || Categories.SelfAndAncestors(line.Category).Any(categories.Contains))
        && (definition.Sellers is not { Count: > 0 } sellers || sellers.Contains(line.SellerId));

    /// <summary>Each line's share of the code's discount (0 for a line it does not cover); null with the reason when it gives none.</summary>
    public static (decimal[]? Shares, string? Reason) Price(PromoCodeDraft definition, IReadOnlyList<PromoLine> lines)
    {
        var covered = lines.Select(l => Covers(definition, l)).ToArray();
        var eligible = lines.Where((_, i) => covered[i]).Sum(l => l.Amount);
        if (eligible <= 0)
        {
            return (null, "The code does not apply to any item in the order.");
        }
        if (eligible < definition.MinOrderAmount)
        {
            return (null, $"The code applies from {definition.MinOrderAmount} {definition.Currency} of the items it covers; they come to {eligible}.");
        }
        var wanted = definition.Kind == PromoDiscountKind.Percentage
            ? decimal.Round(eligible * definition.Value / 100m, 2, MidpointRounding.ToZero)
            : definition.Value;
        var discount = Math.Min(wanted, eligible - MinorUnit * covered.Count(c => c));
        return discount <= 0 ? (null, "The items it covers are too cheap for the code.") : (Share(lines, covered, eligible, discount), null);
    }

    /// <summary>Largest remainder in minor units: floor shares first, then one more unit each to the largest fractions.</summary>
    private static decimal[] Share(IReadOnlyList<PromoLine> lines, bool[] covered, decimal eligible, decimal discount)
    {
        var totalUnits = (long)(discount / MinorUnit);
        var units = new long[lines.Count];
        var fractions = new List<(int Line, decimal Fraction)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!covered[i])
            {
                continue;
            }
            var exact = totalUnits * lines[i].Amount / eligible;
            units[i] = (long)decimal.Floor(exact);
            fractions.Add((i, exact - units[i]));
        }
        var left = totalUnits - units.Sum();
        foreach (var (line, _) in fractions.OrderByDescending(f => f.Fraction).ThenBy(f => f.Line))
        {
            if (left == 0)
            {
                break;
            }
            // A line keeps at least one minor unit to pay.
            if ((units[line] + 1) * MinorUnit < lines[line].Amount)
            {
                units[line]++;
                left--;
            }
        }
        return units.Select(u => u * MinorUnit).ToArray();
    }
}
