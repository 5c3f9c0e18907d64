using System.Data.Common;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Payouts;

namespace Marketplace.Grains.Payouts.Ledger;

/// <summary>The ledger in PostgreSQL or SQLite (migration 0850), one SQL text for both (<see cref="ReadModelDatabase"/>).</summary>
public sealed class SqlSellerLedgerStore(ReadModelDatabase database) : ISellerLedgerStore
{
    private const string LineColumns = "l.entry_id, l.line, e.kind, l.kind, l.account, e.reference, l.amount, l.memo, l.posted_at";

    public Task<PostedEntry?> PostAsync(Guid sourceId, Guid sellerId, DateTimeOffset postedAt, Guid? saleOf, Func<PostingContext, Posting?> decide,
        CancellationToken cancellationToken) => database.InTransactionAsync(async tx =>
    {
        // Decided by the rules below; written first so a concurrent repeat of the same source waits here, and a repeat finds it.
        if (await tx.ExecuteAsync("""
            INSERT INTO ledger_entries (id, kind, seller_id, reference, posted_at) VALUES (@id, '', @seller, @id, @postedAt)
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken, ("id", sourceId), ("seller", sellerId), ("postedAt", postedAt)) == 0)
        {
            return await Find(tx, sourceId, cancellationToken);
        }
        var position = await LockPosition(tx, sellerId, cancellationToken);
        var sale = saleOf is { } sellerOrderId ? await Sale(tx, sellerOrderId, cancellationToken) : null;
        var posting = decide(new PostingContext(position, sale));
        if (posting is null)
        {
            await tx.ExecuteAsync("DELETE FROM ledger_entries WHERE id = @id", cancellationToken, ("id", sourceId));
            return null;
        }
        await tx.ExecuteAsync("UPDATE ledger_entries SET kind = @kind, reference = @reference WHERE id = @id", cancellationToken,
            ("id", sourceId), ("kind", posting.Kind), ("reference", posting.Reference));
        for (var line = 0; line < posting.Legs.Count; line++)
        {
            var leg = posting.Legs[line];
            await tx.ExecuteAsync("""
                INSERT INTO ledger_legs (entry_id, line, account, seller_id, kind, amount, memo, posted_at)
                VALUES (@id, @line, @account, @seller, @kind, @amount, @memo, @postedAt)
                """, cancellationToken, ("id", sourceId), ("line", line), ("account", leg.Account), ("seller", leg.SellerId), ("kind", leg.Kind),
                ("amount", leg.Amount), ("memo", leg.Memo), ("postedAt", postedAt));
        }
        foreach (var account in posting.Legs.Where(l => LedgerAccounts.IsSellers(l.Account)).GroupBy(l => l.Account))
        {
            // The table's CHECK refuses a payable below zero, whatever a rule got wrong.
            await tx.ExecuteAsync("UPDATE ledger_balances SET balance = balance + @delta, legs = legs + @legs WHERE seller_id = @seller AND account = @account",
                cancellationToken, ("seller", sellerId), ("account", account.Key), ("delta", account.Sum(l => l.Amount)), ("legs", (long)account.Count()));
        }
        return new PostedEntry(sourceId, posting.Kind, sellerId, posting.Reference, postedAt, posting.Legs, Repeat: false);
    }, cancellationToken);

    public async Task<PostedEntry?> FindAsync(Guid sourceId, CancellationToken cancellationToken) =>
        await database.InTransactionAsync(tx => Find(tx, sourceId, cancellationToken), cancellationToken);

    public async Task<SellerPosition> PositionAsync(Guid sellerId, CancellationToken cancellationToken)
    {
        var balances = await database.QueryAsync("SELECT account, balance FROM ledger_balances WHERE seller_id = @seller",
            reader => (Account: reader.GetString(0), Balance: reader.GetInt64(1)), cancellationToken, ("seller", sellerId));
        return Position(balances);
    }

    public async Task<PagedList<LedgerLine>> LinesAsync(Guid sellerId, int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<LedgerLinePosition>(after);
        var rows = await database.QueryAsync($"""
            SELECT {LineColumns} FROM ledger_legs l JOIN ledger_entries e ON e.id = l.entry_id
            WHERE l.seller_id = @seller{(from is null ? "" : " AND (l.posted_at, l.entry_id, l.line) < (@postedAt, @entryId, @line)")}
            ORDER BY l.posted_at DESC, l.entry_id DESC, l.line DESC LIMIT @limit OFFSET @offset
            """, ReadLine, cancellationToken, ("seller", sellerId), ("postedAt", from?.PostedAt ?? default), ("entryId", from?.EntryId ?? Guid.Empty),
            ("line", from?.Line ?? 0), ("limit", pageSize + 1), ("offset", from is null ? (long)(page - 1) * pageSize : 0));
        var total = await database.QueryAsync("SELECT COALESCE(SUM(legs), 0) FROM ledger_balances WHERE seller_id = @seller",
            reader => Convert.ToInt32(reader.GetValue(0)), cancellationToken, ("seller", sellerId));
        return KeysetCursor.Page(rows, page, pageSize, total[0], LedgerLinePosition.Of);
    }

    public async Task<(long Opening, List<LedgerLine> Lines)> PeriodAsync(Guid sellerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var opening = await database.QueryAsync("SELECT COALESCE(SUM(amount), 0) FROM ledger_legs WHERE seller_id = @seller AND posted_at < @from",
            reader => Convert.ToInt64(reader.GetValue(0)), cancellationToken, ("seller", sellerId), ("from", from));
        var lines = await database.QueryAsync($"""
            SELECT {LineColumns} FROM ledger_legs l JOIN ledger_entries e ON e.id = l.entry_id
            WHERE l.seller_id = @seller AND l.posted_at >= @from AND l.posted_at < @to
            ORDER BY l.posted_at, l.entry_id, l.line
            """, ReadLine, cancellationToken, ("seller", sellerId), ("from", from), ("to", to));
        return (-opening[0], lines);
    }

    public Task<List<Guid>> SellersWithBalanceAsync(Guid afterSellerId, int limit, CancellationToken cancellationToken) =>
        database.QueryAsync("""
            SELECT seller_id FROM ledger_balances WHERE account = @account AND balance < 0 AND seller_id > @after ORDER BY seller_id LIMIT @limit
            """, reader => reader.GetGuid(0), cancellationToken, ("account", LedgerAccounts.SellerPayable), ("after", afterSellerId), ("limit", limit));

    public async Task<TrialBalance> TrialBalanceAsync(CancellationToken cancellationToken)
    {
        var accounts = await database.QueryAsync("SELECT account, SUM(amount) FROM ledger_legs GROUP BY account ORDER BY account",
            reader => new AccountTotal(reader.GetString(0), Convert.ToInt64(reader.GetValue(1))), cancellationToken);
        var counts = await database.QueryAsync("""
            SELECT (SELECT count(*) FROM ledger_entries),
                   (SELECT count(*) FROM (SELECT entry_id FROM ledger_legs GROUP BY entry_id HAVING SUM(amount) <> 0) AS unbalanced),
                   (SELECT count(*) FROM ledger_balances b
                    WHERE b.balance <> (SELECT COALESCE(SUM(l.amount), 0) FROM ledger_legs l WHERE l.seller_id = b.seller_id AND l.account = b.account)
                       OR b.legs <> (SELECT count(*) FROM ledger_legs l WHERE l.seller_id = b.seller_id AND l.account = b.account))
            """, reader => (Entries: Convert.ToInt32(reader.GetValue(0)), Unbalanced: Convert.ToInt32(reader.GetValue(1)), Mismatched: Convert.ToInt32(reader.GetValue(2))),
            cancellationToken);
        return new TrialBalance(accounts, accounts.Sum(a => a.BalanceMinor), counts[0].Entries, counts[0].Unbalanced, counts[0].Mismatched);
    }

    /// <summary>Creates the seller's balance rows if new and locks them for the rest of the transaction (SQLite: its write lock is the posting's).</summary>
    private async Task<SellerPosition> LockPosition(ReadModelTransaction tx, Guid sellerId, CancellationToken cancellationToken)
    {
        await tx.ExecuteAsync("""
            INSERT INTO ledger_balances (seller_id, account, balance, legs) VALUES (@seller, @payable, 0, 0), (@seller, @debt, 0, 0)
            ON CONFLICT (seller_id, account) DO NOTHING
            """, cancellationToken, ("seller", sellerId), ("payable", LedgerAccounts.SellerPayable), ("debt", LedgerAccounts.SellerDebt));
        var balances = await tx.QueryAsync(
            $"SELECT account, balance FROM ledger_balances WHERE seller_id = @seller{(database.Engine == ReadModelEngine.Postgres ? " FOR UPDATE" : "")}",
            reader => (Account: reader.GetString(0), Balance: reader.GetInt64(1)), cancellationToken, ("seller", sellerId));
        return Position(balances);
    }

    /// <summary>The sale of a sub-order as its seller-payable legs have it: paid, commission kept, and what refunds gave and took back so far.</summary>
    private static async Task<SaleRecord?> Sale(ReadModelTransaction tx, Guid sellerOrderId, CancellationToken cancellationToken)
    {
        var byKind = (await tx.QueryAsync("""
            SELECT l.kind, SUM(l.amount) FROM ledger_legs l JOIN ledger_entries e ON e.id = l.entry_id
            WHERE e.reference = @reference AND l.account = @account GROUP BY l.kind
            """, reader => (Kind: Enum.Parse<LineKind>(reader.GetString(0)), Sum: Convert.ToInt64(reader.GetValue(1))), cancellationToken,
            ("reference", sellerOrderId), ("account", LedgerAccounts.SellerPayable))).ToDictionary(r => r.Kind, r => r.Sum);
        return byKind.TryGetValue(LineKind.Sale, out var sale)
            ? new SaleRecord(-sale, byKind.GetValueOrDefault(LineKind.Commission), -byKind.GetValueOrDefault(LineKind.CommissionRefund),
                byKind.GetValueOrDefault(LineKind.Refund), -byKind.GetValueOrDefault(LineKind.PlatformDiscount))
            : null;
    }

    private static async Task<PostedEntry?> Find(ReadModelTransaction tx, Guid sourceId, CancellationToken cancellationToken)
    {
        var entry = (await tx.QueryAsync("SELECT kind, seller_id, reference, posted_at FROM ledger_entries WHERE id = @id",
            reader => (Kind: reader.GetString(0), Seller: reader.GetGuid(1), Reference: reader.GetGuid(2), PostedAt: Instant(reader, 3)),
            cancellationToken, ("id", sourceId))).SingleOrDefault();
        if (entry.Kind is null or "")
        {
            return null;
        }
        var legs = await tx.QueryAsync("SELECT account, seller_id, kind, amount, memo FROM ledger_legs WHERE entry_id = @id ORDER BY line",
            reader => new LedgerLeg(reader.GetString(0), reader.GetGuid(1), Enum.Parse<LineKind>(reader.GetString(2)), reader.GetInt64(3), reader.GetString(4)),
            cancellationToken, ("id", sourceId));
        return new PostedEntry(sourceId, Enum.Parse<EntryKind>(entry.Kind), entry.Seller, entry.Reference, entry.PostedAt, legs, Repeat: true);
    }

    private static SellerPosition Position(List<(string Account, long Balance)> balances) => SellerPosition.FromBalances(
        balances.Where(b => b.Account == LedgerAccounts.SellerPayable).Sum(b => b.Balance),
        balances.Where(b => b.Account == LedgerAccounts.SellerDebt).Sum(b => b.Balance));

    /// <summary>A seller's line, its amount as the seller sees it (what it adds to the balance).</summary>
    private static LedgerLine ReadLine(DbDataReader reader) => new(reader.GetGuid(0), Convert.ToInt32(reader.GetValue(1)),
        Enum.Parse<EntryKind>(reader.GetString(2)), Enum.Parse<LineKind>(reader.GetString(3)), reader.GetString(4), reader.GetGuid(5),
        -reader.GetInt64(6), reader.GetString(7), Instant(reader, 8));

    private static DateTimeOffset Instant(DbDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);
}
