using Marketplace.Common;
using Marketplace.Payouts;
using Orleans.Concurrency;

namespace Marketplace.Grains.Payouts.Ledger;

/// <summary>Reads the ledger tables for the gateways; no state.</summary>
[StatelessWorker]
public sealed class SellerLedgerGrain(ISellerLedgerStore ledger, TimeProvider clock) : Grain, ISellerLedgerGrain
{
    public const string Currency = "RUB";

    public async Task<SellerBalance> Balance(Guid sellerId)
    {
        var position = await ledger.PositionAsync(sellerId, CancellationToken.None);
        return new SellerBalance(sellerId, position.Available, position.Debt, position.Available / 100m, position.Debt / 100m, Currency);
    }

    public Task<PagedList<LedgerLine>> Lines(Guid sellerId, int page, int pageSize, string? after) =>
        ledger.LinesAsync(sellerId, page, pageSize, after, CancellationToken.None);

    public async Task<SellerStatement> Statement(Guid sellerId, int year, int month)
    {
        var now = clock.GetUtcNow();
        if (month is < 1 or > 12 || year is < 2000 || (year, month).CompareTo((now.Year, now.Month)) > 0)
        {
            throw new ValidationException(year > now.Year || year < 2000 ? "year" : "month",
                $"A statement is of a month from January 2000 to the current one ({now:yyyy-MM}).");
        }
        var from = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        var (opening, lines) = await ledger.PeriodAsync(sellerId, from, from.AddMonths(1), CancellationToken.None);
        return new SellerStatement(sellerId, year, month, opening, opening + lines.Sum(l => l.AmountMinor), lines, Currency);
    }

    public Task<TrialBalance> TrialBalance() => ledger.TrialBalanceAsync(CancellationToken.None);
}
