using Marketplace.Payouts;

namespace Marketplace.Grains.Payouts.Ledger;

/// <summary>One leg: <paramref name="Amount"/> minor units, a debit positive, a credit negative; platform accounts have no seller (<see cref="Guid.Empty"/>).</summary>
public sealed record LedgerLeg(string Account, Guid SellerId, LineKind Kind, long Amount, string Memo);

/// <summary>
/// One balanced journal entry, posted once per <paramref name="SourceId"/> (the event or step it records) in one
/// transaction: constructing one whose legs do not sum to zero throws, so an unbalanced entry can never be written.
/// </summary>
public sealed record Posting
{
    public Posting(Guid sourceId, EntryKind kind, Guid sellerId, Guid reference, IReadOnlyList<LedgerLeg> legs)
    {
        if (legs.Count == 0 || legs.Sum(l => l.Amount) != 0 || legs.Any(l => l.Amount == 0))
        {
            throw new InvalidOperationException($"A {kind} entry must have non-zero legs that sum to zero: {string.Join(", ", legs.Select(l => $"{l.Account} {l.Amount}"))}.");
        }
        (SourceId, Kind, SellerId, Reference, Legs) = (sourceId, kind, sellerId, reference, legs);
    }

    public Guid SourceId { get; }
    public EntryKind Kind { get; }
    public Guid SellerId { get; }

    /// <summary>What the entry is about: the sub-order of a sale or refund, the payout of a payout step.</summary>
    public Guid Reference { get; }

    public IReadOnlyList<LedgerLeg> Legs { get; }
}

/// <summary>
/// A seller's accounts as the posting transaction read them (locked): <paramref name="Payable"/> what is owed to the
/// seller (≥ 0), <paramref name="Debt"/> what the seller owes (≥ 0).
/// </summary>
public sealed record SellerPosition(long Payable, long Debt)
{
    public static SellerPosition Empty { get; } = new(0, 0);

    /// <summary>What a payout may take now.</summary>
    public long Available => Math.Max(0, Payable - Debt);

    /// <summary>The position from raw account balances (debit positive): the payable is credit-normal, the debt debit-normal.</summary>
    public static SellerPosition FromBalances(long payableBalance, long debtBalance) => new(-payableBalance, debtBalance);
}

/// <summary>
/// What the ledger knows of a sub-order when a refund is posted, from its seller-payable lines: what the shopper paid
/// and the commission kept, the commission given back and the amount refunded by earlier refunds (so partial refunds
/// never return more than was kept), and the platform's discount the seller still holds (the sale's, less what earlier
/// refunds took back).
/// </summary>
public sealed record SaleRecord(long PaidMinor, long CommissionMinor, long CommissionRefundedMinor, long RefundedMinor = 0, long PlatformDiscountLeftMinor = 0);
