using Marketplace.Payouts;
using A = Marketplace.Payouts.LedgerAccounts;

namespace Marketplace.Grains.Payouts.Ledger;

/// <summary>A delivered sub-order's line and the commission rate of its product's category.</summary>
public sealed record SaleLine(string CategoryId, long SubtotalMinor, decimal CommissionPercent);

/// <summary>
/// A delivered sub-order: its lines at the seller's price (a seller's own sale lowers that price: the seller funds it)
/// and the part of them the platform paid for a promo code, which the shopper did not pay.
/// </summary>
public sealed record DeliveredSale(Guid SourceId, Guid SellerId, Guid SellerOrderId, IReadOnlyList<SaleLine> Lines, long PlatformDiscountMinor)
{
    public long GrossMinor => Lines.Sum(l => l.SubtotalMinor);
}

/// <summary>Money given back to a shopper for (part of) a sub-order.</summary>
public sealed record IssuedRefund(Guid SourceId, Guid SellerId, Guid SellerOrderId, long AmountMinor);

/// <summary>
/// The posting rules (docs/payouts.md): each fact of the money's way becomes one balanced entry, as plain code. The
/// seller's payable never goes below zero: what a refund takes beyond it is moved to the seller's debt, explicitly,
/// and the next sale pays that debt back first.
/// </summary>
public static class LedgerPostingRules
{
    /// <summary>
    /// The shopper's payment (the price less the platform's discount) arrives at the processor, the seller is owed the
    /// full price: what the shopper paid as the sale, the platform's discount as a line of its own, which the platform's
    /// expense account funds; the commission of each line is kept, and any debt is paid back from what the sale adds.
    /// </summary>
    public static Posting Sale(DeliveredSale sale, SellerPosition position)
    {
        var gross = sale.GrossMinor;
        if (gross <= 0 || sale.PlatformDiscountMinor < 0 || sale.PlatformDiscountMinor > gross)
        {
            throw new ArgumentException($"A sale of {gross} with a platform discount of {sale.PlatformDiscountMinor} cannot be posted.", nameof(sale));
        }
        var seller = sale.SellerId;
        var paid = gross - sale.PlatformDiscountMinor;
        var legs = new List<LedgerLeg>();
        Add(legs, A.ProcessorClearing, Guid.Empty, LineKind.Sale, paid, "captured from the shopper");
        Add(legs, A.SellerPayable, seller, LineKind.Sale, -paid, $"sub-order {sale.SellerOrderId}");
        Add(legs, A.PlatformDiscounts, Guid.Empty, LineKind.PlatformDiscount, sale.PlatformDiscountMinor, "promotion paid by the platform");
        Add(legs, A.SellerPayable, seller, LineKind.PlatformDiscount, -sale.PlatformDiscountMinor, $"promotion on sub-order {sale.SellerOrderId} paid by the platform");
        long commission = 0;
        foreach (var line in sale.Lines.GroupBy(l => (l.CategoryId, l.CommissionPercent)))
        {
            var kept = Commission(line.Sum(l => l.SubtotalMinor), line.Key.CommissionPercent);
            commission += kept;
            var memo = $"{line.Key.CommissionPercent:0.##} % of {line.Key.CategoryId}";
            Add(legs, A.SellerPayable, seller, LineKind.Commission, kept, memo);
            Add(legs, A.CommissionRevenue, Guid.Empty, LineKind.Commission, -kept, memo);
        }
        RecoverDebt(legs, seller, position.Payable + gross - commission, position.Debt);
        return new Posting(sale.SourceId, EntryKind.Sale, seller, sale.SellerOrderId, legs);
    }

    /// <summary>
    /// The refund leaves the processor for the shopper's card and is taken from the seller, with the same share of the
    /// platform's discount on the sale (the platform no longer funds what came back), and the seller gets the same share
    /// of the sale's commission back; what the payable cannot cover becomes the seller's debt.
    /// </summary>
    public static Posting Refund(IssuedRefund refund, SaleRecord sale, SellerPosition position)
    {
        if (refund.AmountMinor <= 0 || refund.AmountMinor > sale.PaidMinor)
        {
            throw new ArgumentException($"A refund of {refund.AmountMinor} of a sale paid {sale.PaidMinor} cannot be posted.", nameof(refund));
        }
        var seller = refund.SellerId;
        var legs = new List<LedgerLeg>();
        Add(legs, A.ProcessorClearing, Guid.Empty, LineKind.Refund, -refund.AmountMinor, "returned to the shopper's card");
        Add(legs, A.SellerPayable, seller, LineKind.Refund, refund.AmountMinor, $"sub-order {refund.SellerOrderId}");
        var discountBack = DiscountBack(refund.AmountMinor, sale);
        Add(legs, A.SellerPayable, seller, LineKind.PlatformDiscount, discountBack, "the platform's promotion on the refunded amount");
        Add(legs, A.PlatformDiscounts, Guid.Empty, LineKind.PlatformDiscount, -discountBack, "the platform's promotion on the refunded amount");
        var commissionBack = Math.Min(
            (long)decimal.Round((decimal)sale.CommissionMinor * refund.AmountMinor / sale.PaidMinor, 0, MidpointRounding.AwayFromZero),
            sale.CommissionMinor - sale.CommissionRefundedMinor);
        Add(legs, A.SellerPayable, seller, LineKind.CommissionRefund, -commissionBack, "commission on the refunded amount");
        Add(legs, A.Refunds, Guid.Empty, LineKind.CommissionRefund, commissionBack, "commission on the refunded amount");
        var uncovered = refund.AmountMinor + discountBack - commissionBack - position.Payable;
        if (uncovered > 0)
        {
            Add(legs, A.SellerPayable, seller, LineKind.Debt, -uncovered, "refund beyond the balance");
            Add(legs, A.SellerDebt, seller, LineKind.Debt, uncovered, "refund beyond the balance");
        }
        return new Posting(refund.SourceId, EntryKind.Refund, seller, refund.SellerOrderId, legs);
    }

    /// <summary>Takes the seller's whole available balance for a payout; null when it is below <paramref name="minimumMinor"/> (nothing is paid).</summary>
    public static Posting? Payout(Guid sourceId, Guid sellerId, Guid payoutId, SellerPosition position, long minimumMinor)
    {
        var amount = position.Available;
        if (amount <= 0 || amount < minimumMinor)
        {
            return null;
        }
        return new Posting(sourceId, EntryKind.Payout, sellerId, payoutId,
        [
            new LedgerLeg(A.SellerPayable, sellerId, LineKind.Payout, amount, $"payout {payoutId}"),
            new LedgerLeg(A.PayoutsInTransit, Guid.Empty, LineKind.Payout, -amount, $"payout {payoutId}"),
        ]);
    }

    /// <summary>The processor paid the payout: it leaves the processor's balance.</summary>
    public static Posting PayoutPaid(Guid sourceId, Guid sellerId, Guid payoutId, long amountMinor) =>
        new(sourceId, EntryKind.PayoutPaid, sellerId, payoutId,
        [
            new LedgerLeg(A.PayoutsInTransit, Guid.Empty, LineKind.PayoutSettled, Positive(amountMinor), $"payout {payoutId} paid"),
            new LedgerLeg(A.ProcessorClearing, Guid.Empty, LineKind.PayoutSettled, -amountMinor, $"payout {payoutId} paid"),
        ]);

    /// <summary>The processor refused the payout for good: the amount is the seller's again.</summary>
    public static Posting PayoutFailed(Guid sourceId, Guid sellerId, Guid payoutId, long amountMinor, string reason) =>
        new(sourceId, EntryKind.PayoutFailed, sellerId, payoutId,
        [
            new LedgerLeg(A.PayoutsInTransit, Guid.Empty, LineKind.PayoutReversed, Positive(amountMinor), $"payout {payoutId} refused: {reason}"),
            new LedgerLeg(A.SellerPayable, sellerId, LineKind.PayoutReversed, -amountMinor, $"payout {payoutId} refused: {reason}"),
        ]);

    /// <summary>
    /// The platform's discount a refund takes back: the share of what is left of it that the refund is of what is left
    /// unrefunded, so the sale's last refund takes exactly the rest and the refunds together never take more than it was.
    /// </summary>
    private static long DiscountBack(long refundMinor, SaleRecord sale)
    {
        var unrefunded = Math.Max(sale.PaidMinor - sale.RefundedMinor, refundMinor);
        return refundMinor == unrefunded
            ? sale.PlatformDiscountLeftMinor
            : (long)decimal.Round((decimal)sale.PlatformDiscountLeftMinor * refundMinor / unrefunded, 0, MidpointRounding.AwayFromZero);
    }

    /// <summary>A line's commission: its subtotal times the rate, rounded half away from zero to the kopeck.</summary>
    public static long Commission(long subtotalMinor, decimal percent) =>
        (long)decimal.Round(subtotalMinor * percent / 100m, 0, MidpointRounding.AwayFromZero);

    private static void RecoverDebt(List<LedgerLeg> legs, Guid seller, long payableAfter, long debt)
    {
        var recovered = Math.Min(debt, payableAfter);
        Add(legs, A.SellerPayable, seller, LineKind.DebtRecovery, recovered, "debt paid back");
        Add(legs, A.SellerDebt, seller, LineKind.DebtRecovery, -recovered, "debt paid back");
    }

    /// <summary>Adds a leg unless it moves nothing (a zero commission, no discount, no debt).</summary>
    private static void Add(List<LedgerLeg> legs, string account, Guid seller, LineKind kind, long amount, string memo)
    {
        if (amount != 0)
        {
            legs.Add(new LedgerLeg(account, seller, kind, amount, memo));
        }
    }

    private static long Positive(long amount) =>
        amount > 0 ? amount : throw new ArgumentOutOfRangeException(nameof(amount), amount, "A payout moves a positive amount.");
}
