using Marketplace.Catalog;
using Marketplace.Common;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// A card's sales, without I/O: what a sale may be (a positive price below the list price of every variant it covers,
/// a period that has not ended, no overlap with another sale of the same variant), what a variant costs at a moment,
/// and the next moment a price moves (a sale starting or ending), at which the card announces its new prices.
/// </summary>
public static class SaleRules
{
    /// <summary>The most sales a card holds that have not ended.</summary>
    public const int MaxSales = 20;

    /// <summary>The longest a sale may run.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(93);

    /// <summary>How far ahead a sale may be scheduled.</summary>
    public static readonly TimeSpan MaxLead = TimeSpan.FromDays(366);

    /// <summary>The sale a draft asks for, its sku trimmed (blank: every variant).</summary>
    public static Sale Of(Guid saleId, SaleDraft draft) =>
        new(saleId, string.IsNullOrWhiteSpace(draft.Sku) ? null : draft.Sku.Trim(), draft.Price, draft.StartsAt, draft.EndsAt);

    /// <summary>Refuses a sale the card cannot take (400 naming the field, 409 for an overlap or too many sales).</summary>
    public static Sale Validate(Sale sale, ProductDraft content, IEnumerable<Sale> others, DateTimeOffset now)
    {
        var covered = content.Variants.Where(v => sale.Covers(v.Sku)).ToList();
        if (covered.Count == 0)
        {
            throw new ValidationException("sku", $"The product has no SKU '{sale.Sku}'.");
        }
        if (Amounts.PriceError(sale.Price) is { } priceError)
        {
            throw new ValidationException("price", priceError);
        }
        if (covered.FirstOrDefault(v => sale.Price >= v.Price) is { } dearer)
        {
            throw new ValidationException("price", $"A sale price must be below the list price ({dearer.Price} for {dearer.Sku}).");
        }
        if (sale.EndsAt <= sale.StartsAt)
        {
            throw new ValidationException("endsAt", "A sale ends after it starts.");
        }
        if (sale.EndsAt <= now)
        {
            throw new ValidationException("endsAt", "The sale would already be over.");
        }
        if (sale.EndsAt - sale.StartsAt > MaxDuration)
        {
            throw new ValidationException("endsAt", $"A sale runs at most {MaxDuration.TotalDays:0} days.");
        }
        if (sale.StartsAt - now > MaxLead)
        {
            throw new ValidationException("startsAt", $"A sale starts within {MaxLead.TotalDays:0} days.");
        }
        var remaining = others.Where(o => o.SaleId != sale.SaleId && o.EndsAt > now).ToList();
        if (remaining.FirstOrDefault(sale.Overlaps) is { } clash)
        {
            throw new ConflictException(
                $"The sale overlaps sale {clash.SaleId} of {clash.Sku ?? "every variant"} ({clash.StartsAt:u} to {clash.EndsAt:u}); a variant has one sale at a time.");
        }
        return remaining.Count < MaxSales ? sale : throw new ConflictException($"A product has at most {MaxSales} sales that have not ended.");
    }

    /// <summary>The running sale of a variant at <paramref name="moment"/>, if any (sales never overlap).</summary>
    public static Sale? RunningFor(IEnumerable<Sale> sales, string sku, DateTimeOffset moment) =>
        sales.FirstOrDefault(s => s.Covers(sku) && s.RunsAt(moment));

    /// <summary>The first moment after <paramref name="after"/> at which a sale starts or ends; null when none is left.</summary>
    public static DateTimeOffset? NextBoundary(IEnumerable<Sale> sales, DateTimeOffset after)
    {
        DateTimeOffset? next = null;
        foreach (var sale in sales)
        {
            foreach (var moment in (ReadOnlySpan<DateTimeOffset>)[sale.StartsAt, sale.EndsAt])
            {
                if (moment > after && (next is null || moment < next))
                {
                    next = moment;
                }
            }
        }
        return next;
    }
}
