using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Payouts;

namespace Marketplace.Grains.Payouts.Ledger;

/// <summary>
/// The ledger of the Memory profile: the same rules as the tables, under one lock, in this silo's memory (an
/// in-memory cluster of several silos would keep one ledger each: the Memory profile's ledger is for one silo).
/// </summary>
public sealed class InMemorySellerLedgerStore : ISellerLedgerStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, PostedEntry> _entries = [];
    private readonly List<(PostedEntry Entry, int Line)> _legs = [];

    public Task<PostedEntry?> PostAsync(Guid sourceId, Guid sellerId, DateTimeOffset postedAt, Guid? saleOf, Func<PostingContext, Posting?> decide,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(sourceId, out var known))
            {
                return Task.FromResult<PostedEntry?>(known with { Repeat = true });
            }
            var sale = saleOf is { } sellerOrderId ? Sale(sellerOrderId) : null;
            if (decide(new PostingContext(Position(sellerId), sale)) is not { } posting)
            {
                return Task.FromResult<PostedEntry?>(null);
            }
            var entry = new PostedEntry(sourceId, posting.Kind, sellerId, posting.Reference, postedAt, posting.Legs, Repeat: false);
            var after = SellerPosition.FromBalances(
                Balance(sellerId, LedgerAccounts.SellerPayable) + entry.Legs.Where(l => l.Account == LedgerAccounts.SellerPayable).Sum(l => l.Amount),
                Balance(sellerId, LedgerAccounts.SellerDebt) + entry.Legs.Where(l => l.Account == LedgerAccounts.SellerDebt).Sum(l => l.Amount));
            if (after.Payable < 0 || after.Debt < 0)
            {
                throw new InvalidOperationException($"Entry {sourceId} would leave seller {sellerId} at {after}.");
            }
            _entries[sourceId] = entry;
            _legs.AddRange(entry.Legs.Select((_, line) => (entry, line)));
            return Task.FromResult<PostedEntry?>(entry);
        }
    }

    public Task<PostedEntry?> FindAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.TryGetValue(sourceId, out var entry) ? entry with { Repeat = true } : null);
        }
    }

    public Task<SellerPosition> PositionAsync(Guid sellerId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Position(sellerId));
        }
    }

    public Task<PagedList<LedgerLine>> LinesAsync(Guid sellerId, int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<LedgerLinePosition>(after);
        lock (_lock)
        {
            var lines = SellerLines(sellerId).OrderByDescending(l => l.PostedAt).ThenByDescending(l => l.EntryId).ThenByDescending(l => l.Line).ToList();
            var rest = from is null ? lines : lines.SkipWhile(l => l.PostedAt > from.PostedAt || (l.PostedAt == from.PostedAt
                && (l.EntryId.CompareTo(from.EntryId) > 0 || (l.EntryId == from.EntryId && l.Line >= from.Line))));
            return Task.FromResult(KeysetCursor.Page(KeysetCursor.Window(rest, from is not null, page, pageSize), page, pageSize, lines.Count, LedgerLinePosition.Of));
        }
    }

    public Task<(long Opening, List<LedgerLine> Lines)> PeriodAsync(Guid sellerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var lines = SellerLines(sellerId).ToList();
            return Task.FromResult((lines.Where(l => l.PostedAt < from).Sum(l => l.AmountMinor),
                lines.Where(l => l.PostedAt >= from && l.PostedAt < to).OrderBy(l => l.PostedAt).ThenBy(l => l.EntryId).ThenBy(l => l.Line).ToList()));
        }
    }

    public Task<List<Guid>> SellersWithBalanceAsync(Guid afterSellerId, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.Values.Select(e => e.SellerId).Distinct().Where(s => s.CompareTo(afterSellerId) > 0 && Position(s).Payable > 0)
                .Order().Take(limit).ToList());
        }
    }

    public Task<TrialBalance> TrialBalanceAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var accounts = _legs.GroupBy(l => l.Entry.Legs[l.Line].Account).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new AccountTotal(g.Key, g.Sum(l => l.Entry.Legs[l.Line].Amount))).ToList();
            return Task.FromResult(new TrialBalance(accounts, accounts.Sum(a => a.BalanceMinor), _entries.Count,
                _entries.Values.Count(e => e.Legs.Sum(l => l.Amount) != 0), 0));
        }
    }

    private SaleRecord? Sale(Guid sellerOrderId)
    {
        var legs = _entries.Values.Where(e => e.Reference == sellerOrderId).SelectMany(e => e.Legs).Where(l => l.Account == LedgerAccounts.SellerPayable).ToList();
        long Sum(LineKind kind) => legs.Where(l => l.Kind == kind).Sum(l => l.Amount);
        return legs.Any(l => l.Kind == LineKind.Sale)
            ? new SaleRecord(-Sum(LineKind.Sale), Sum(LineKind.Commission), -Sum(LineKind.CommissionRefund), Sum(LineKind.Refund), -Sum(LineKind.PlatformDiscount))
            : null;
    }

    private SellerPosition Position(Guid sellerId) =>
        SellerPosition.FromBalances(Balance(sellerId, LedgerAccounts.SellerPayable), Balance(sellerId, LedgerAccounts.SellerDebt));

    private long Balance(Guid sellerId, string account) =>
        _legs.Select(l => l.Entry.Legs[l.Line]).Where(l => l.SellerId == sellerId && l.Account == account).Sum(l => l.Amount);

    private IEnumerable<LedgerLine> SellerLines(Guid sellerId) => _legs
        .Where(l => l.Entry.Legs[l.Line].SellerId == sellerId)
        .Select(l => (l.Entry, l.Line, Leg: l.Entry.Legs[l.Line]))
        .Select(l => new LedgerLine(l.Entry.SourceId, l.Line, l.Entry.Kind, l.Leg.Kind, l.Leg.Account, l.Entry.Reference, -l.Leg.Amount, l.Leg.Memo, l.Entry.PostedAt));
}
