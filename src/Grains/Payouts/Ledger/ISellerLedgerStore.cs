using Marketplace.Common;
using Marketplace.Payouts;

namespace Marketplace.Grains.Payouts.Ledger;

/// <summary>What a posting may read before it decides its legs: the seller's locked position and, for a refund, its sale.</summary>
public sealed record PostingContext(SellerPosition Position, SaleRecord? Sale);

/// <summary>An entry as written: <paramref name="Repeat"/> when its source had been posted before (nothing was written now).</summary>
public sealed record PostedEntry(Guid SourceId, EntryKind Kind, Guid SellerId, Guid Reference, DateTimeOffset PostedAt, IReadOnlyList<LedgerLeg> Legs, bool Repeat)
{
    /// <summary>The entry's total on the seller's payable, as the seller sees it (a payout's amount is its negation).</summary>
    public long PayableChange => -Legs.Where(l => l.Account == LedgerAccounts.SellerPayable).Sum(l => l.Amount);
}

/// <summary>
/// The double-entry ledger (PostgreSQL or SQLite tables, migration 0850; memory in the Memory profile). A posting is
/// one transaction: the entry keyed by its source id (a repeat writes nothing and returns the first), the seller's
/// balances locked and read, the rules' legs written, the balances moved.
/// </summary>
public interface ISellerLedgerStore
{
    /// <summary>
    /// Posts what <paramref name="decide"/> makes of the seller's position (and of the sale of <paramref name="saleOf"/>,
    /// when given) once per <paramref name="sourceId"/>; null when it decided there was nothing to post.
    /// </summary>
    Task<PostedEntry?> PostAsync(Guid sourceId, Guid sellerId, DateTimeOffset postedAt, Guid? saleOf, Func<PostingContext, Posting?> decide,
        CancellationToken cancellationToken);

    Task<PostedEntry?> FindAsync(Guid sourceId, CancellationToken cancellationToken);

    Task<SellerPosition> PositionAsync(Guid sellerId, CancellationToken cancellationToken);

    /// <summary>The seller's lines, newest first, keyset paged.</summary>
    Task<PagedList<LedgerLine>> LinesAsync(Guid sellerId, int page, int pageSize, string? after, CancellationToken cancellationToken);

    /// <summary>The seller's balance before <paramref name="from"/> and its lines from then until before <paramref name="to"/>, oldest first.</summary>
    Task<(long Opening, List<LedgerLine> Lines)> PeriodAsync(Guid sellerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Sellers with something to pay out, by id after <paramref name="afterSellerId"/>, at most <paramref name="limit"/>.</summary>
    Task<List<Guid>> SellersWithBalanceAsync(Guid afterSellerId, int limit, CancellationToken cancellationToken);

    Task<TrialBalance> TrialBalanceAsync(CancellationToken cancellationToken);
}

/// <summary>The keyset position of a seller's line (newest first).</summary>
public sealed record LedgerLinePosition(DateTimeOffset PostedAt, Guid EntryId, int Line)
{
    public static LedgerLinePosition Of(LedgerLine line) => new(line.PostedAt, line.EntryId, line.Line);
}
