using System.Text.Json.Serialization;

namespace Marketplace.Payouts;

/// <summary>
/// The ledger's accounts (docs/payouts.md). Amounts are minor units (kopecks) of the marketplace's one currency, a
/// debit positive and a credit negative, so every entry's legs sum to zero. Seller accounts are kept per seller;
/// platform accounts carry <see cref="Guid.Empty"/> as their seller.
/// </summary>
public static class LedgerAccounts
{
    /// <summary>Platform asset: money the processor holds for the marketplace (captured sales in, refunds and payouts out).</summary>
    public const string ProcessorClearing = "processor_clearing";

    /// <summary>Platform revenue: the commission kept on each delivered sale.</summary>
    public const string CommissionRevenue = "commission_revenue";

    /// <summary>Platform expense: the part of a sale's price the platform paid for a promotion (the seller is owed the full price).</summary>
    public const string PlatformDiscounts = "platform_discounts";

    /// <summary>Platform contra-revenue: the commission given back to a seller on a refunded sale.</summary>
    public const string Refunds = "refunds";

    /// <summary>Platform: payouts taken from sellers' balances and sent to the processor, until it paid them (or refused).</summary>
    public const string PayoutsInTransit = "payouts_in_transit";

    /// <summary>Seller liability: what the marketplace owes the seller (a credit balance; never below zero).</summary>
    public const string SellerPayable = "seller_payable";

    /// <summary>Seller receivable: what the seller owes the marketplace when a refund exceeded its balance (the explicit debt).</summary>
    public const string SellerDebt = "seller_debt";

    public static bool IsSellers(string account) => account is SellerPayable or SellerDebt;
}

/// <summary>What an entry (one balanced posting, one per source event) records.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EntryKind>))]
public enum EntryKind
{
    /// <summary>A delivered sub-order: the sale, its commission and any platform-funded discount.</summary>
    Sale,
    Refund,

    /// <summary>A payout taken from the seller's balance.</summary>
    Payout,

    /// <summary>The processor paid a payout out.</summary>
    PayoutPaid,

    /// <summary>The processor refused a payout: the amount goes back to the seller's balance.</summary>
    PayoutFailed,
}

/// <summary>What one leg of an entry is, as a seller's statement names it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LineKind>))]
public enum LineKind
{
    Sale,
    Commission,
    PlatformDiscount,
    Refund,
    CommissionRefund,

    /// <summary>The part of a refund the balance did not cover, moved to the seller's debt.</summary>
    Debt,

    /// <summary>A later sale paying the debt back.</summary>
    DebtRecovery,
    Payout,
    PayoutSettled,
    PayoutReversed,
}

/// <summary>A seller's position: <paramref name="AvailableMinor"/> may be paid out, <paramref name="DebtMinor"/> is owed back.</summary>
[GenerateSerializer, Immutable]
public sealed record SellerBalance(
    [property: Id(0)] Guid SellerId,
    [property: Id(1)] long AvailableMinor,
    [property: Id(2)] long DebtMinor,
    [property: Id(3)] decimal Available,
    [property: Id(4)] decimal Debt,
    [property: Id(5)] string Currency);

/// <summary>
/// One leg on a seller's accounts, as the seller sees it: <paramref name="AmountMinor"/> is positive when it adds to the
/// balance (a sale) and negative when it takes from it (a commission, a refund, a payout).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LedgerLine(
    [property: Id(0)] Guid EntryId,
    [property: Id(1)] int Line,
    [property: Id(2)] EntryKind Entry,
    [property: Id(3)] LineKind Kind,
    [property: Id(4)] string Account,
    [property: Id(5)] Guid Reference,
    [property: Id(6)] long AmountMinor,
    [property: Id(7)] string Memo,
    [property: Id(8)] DateTimeOffset PostedAt);

/// <summary>A seller's month: the balance before it, every line in it (oldest first), the balance after it.</summary>
[GenerateSerializer, Immutable]
public sealed record SellerStatement(
    [property: Id(0)] Guid SellerId,
    [property: Id(1)] int Year,
    [property: Id(2)] int Month,
    [property: Id(3)] long OpeningMinor,
    [property: Id(4)] long ClosingMinor,
    [property: Id(5)] IReadOnlyList<LedgerLine> Lines,
    [property: Id(6)] string Currency);

/// <summary>One account's total over every leg ever posted (seller accounts summed over every seller).</summary>
[GenerateSerializer, Immutable]
public sealed record AccountTotal(
    [property: Id(0)] string Account,
    [property: Id(1)] long BalanceMinor);

/// <summary>
/// The trial balance: every account's total, which sum to zero since every entry does; the entries whose legs do not
/// (none, unless the tables were written by hand) and the kept seller balances that differ from their legs' sum.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrialBalance(
    [property: Id(0)] IReadOnlyList<AccountTotal> Accounts,
    [property: Id(1)] long SumMinor,
    [property: Id(2)] int Entries,
    [property: Id(3)] int UnbalancedEntries,
    [property: Id(4)] int BalanceMismatches);
