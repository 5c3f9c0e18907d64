using Marketplace.Grains.Payouts.Ledger;
using Marketplace.Grains.ReadModels;
using Marketplace.Payouts;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Payouts;

/// <summary>What every ledger store must do, on PostgreSQL, SQLite and memory: post once per source, lock the seller's position, never let a payable go negative.</summary>
public abstract class SellerLedgerStoreContract
{
    private static readonly DateTimeOffset November = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    protected abstract ISellerLedgerStore Store { get; }

    private Task<PostedEntry?> Sell(Guid sellerId, Guid subOrderId, long gross, DateTimeOffset at, Guid? source = null)
    {
        var sale = new DeliveredSale(source ?? Guid.NewGuid(), sellerId, subOrderId, [new SaleLine("home/kitchen", gross, 10m)], 0);
        return Store.PostAsync(sale.SourceId, sellerId, at, null, context => LedgerPostingRules.Sale(sale, context.Position), default);
    }

    private Task<PostedEntry?> PayOut(Guid sellerId, Guid payoutId)
    {
        var source = Guid.NewGuid();
        return Store.PostAsync(source, sellerId, November.AddDays(1), null,
            context => LedgerPostingRules.Payout(source, sellerId, payoutId, context.Position, minimumMinor: 100), default);
    }

    [Fact]
    public async Task A_source_posts_once_and_a_repeat_returns_the_first_entry_without_writing()
    {
        var (sellerId, subOrderId, source) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var first = await Sell(sellerId, subOrderId, 100_000, November, source);
        var again = await Sell(sellerId, subOrderId, 999_999, November.AddHours(1), source);

        Assert.False(first!.Repeat);
        Assert.True(again!.Repeat);
        Assert.Equal(first.Legs, again.Legs);
        Assert.Equal(November, again.PostedAt);
        Assert.Equal(new SellerPosition(90_000, 0), await Store.PositionAsync(sellerId, default));
        var lines = await Store.LinesAsync(sellerId, 1, 10, null, default);
        Assert.Equal(2, lines.Total);
        Assert.Equal([-10_000, 100_000], lines.Items.Select(l => l.AmountMinor));
    }

    [Fact]
    public async Task Payouts_racing_for_one_balance_take_it_once_and_a_refund_beyond_what_is_left_becomes_debt_that_the_next_sale_pays_back()
    {
        var (sellerId, subOrderId) = (Guid.NewGuid(), Guid.NewGuid());
        await Sell(sellerId, subOrderId, 100_000, November);

        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PayOut(sellerId, Guid.NewGuid())));

        var taken = Assert.Single(racing, e => e is not null)!;
        Assert.Equal(-90_000, taken.PayableChange);
        Assert.Equal(new SellerPosition(0, 0), await Store.PositionAsync(sellerId, default));

        var refund = new IssuedRefund(Guid.NewGuid(), sellerId, subOrderId, 50_000);
        var refunded = await Store.PostAsync(refund.SourceId, sellerId, November.AddDays(2), subOrderId,
            context => LedgerPostingRules.Refund(refund, context.Sale!, context.Position), default);
        // 500.00 back to the shopper, 50.00 of commission back to the seller: 450.00 owed.
        Assert.Contains(refunded!.Legs, l => l.Account == LedgerAccounts.SellerDebt && l.Amount == 45_000);
        Assert.Equal(new SellerPosition(0, 45_000), await Store.PositionAsync(sellerId, default));

        await Sell(sellerId, Guid.NewGuid(), 60_000, November.AddDays(3));
        Assert.Equal(new SellerPosition(9_000, 0), await Store.PositionAsync(sellerId, default));
    }

    [Fact]
    public async Task A_posting_that_would_take_the_payable_below_zero_is_refused_and_writes_nothing()
    {
        var sellerId = Guid.NewGuid();
        await Sell(sellerId, Guid.NewGuid(), 10_000, November);
        var before = await Store.TrialBalanceAsync(default);
        var source = Guid.NewGuid();

        await Assert.ThrowsAnyAsync<Exception>(() => Store.PostAsync(source, sellerId, November, null, _ => new Posting(source, EntryKind.Payout, sellerId, source,
            [new LedgerLeg(LedgerAccounts.SellerPayable, sellerId, LineKind.Payout, 9_001, ""), new LedgerLeg(LedgerAccounts.PayoutsInTransit, Guid.Empty, LineKind.Payout, -9_001, "")]),
            default));

        Assert.Null(await Store.FindAsync(source, default));
        Assert.Equal(new SellerPosition(9_000, 0), await Store.PositionAsync(sellerId, default));
        Assert.Equal(before.Entries, (await Store.TrialBalanceAsync(default)).Entries);
    }

    [Fact]
    public async Task A_month_reads_the_balance_before_it_and_its_lines_and_every_account_sums_to_zero()
    {
        var sellerId = Guid.NewGuid();
        await Sell(sellerId, Guid.NewGuid(), 20_000, November.AddMonths(-1));
        await Sell(sellerId, Guid.NewGuid(), 30_000, November);
        await Sell(sellerId, Guid.NewGuid(), 40_000, November.AddMonths(1));

        var from = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var (opening, lines) = await Store.PeriodAsync(sellerId, from, from.AddMonths(1), default);

        Assert.Equal(18_000, opening);
        Assert.Equal([30_000, -3_000], lines.Select(l => l.AmountMinor));
        var page = await Store.LinesAsync(sellerId, 1, 4, null, default);
        var rest = await Store.LinesAsync(sellerId, 1, 4, page.Next, default);
        Assert.Equal(6, page.Total);
        Assert.Equal(6, page.Items.Concat(rest.Items).Select(l => (l.EntryId, l.Line)).Distinct().Count());
        Assert.Null(rest.Next);
        var trial = await Store.TrialBalanceAsync(default);
        Assert.Equal(0, trial.SumMinor);
        Assert.Equal(0, trial.UnbalancedEntries);
        Assert.Equal(0, trial.BalanceMismatches);
        Assert.Contains(sellerId, await Store.SellersWithBalanceAsync(Guid.Empty, 10_000, default));
    }
}

public sealed class PostgresSellerLedgerStoreTests(PostgresDatabase database) : SellerLedgerStoreContract, IClassFixture<PostgresDatabase>
{
    protected override ISellerLedgerStore Store { get; } = new SqlSellerLedgerStore(ReadModelDatabase.Postgres(database.ConnectionString));
}

public sealed class SqliteSellerLedgerStoreTests(SqliteDatabaseFile database) : SellerLedgerStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override ISellerLedgerStore Store { get; } = new SqlSellerLedgerStore(ReadModelDatabase.Sqlite(database.ConnectionString));
}

public sealed class InMemorySellerLedgerStoreTests : SellerLedgerStoreContract
{
    protected override ISellerLedgerStore Store { get; } = new InMemorySellerLedgerStore();
}
