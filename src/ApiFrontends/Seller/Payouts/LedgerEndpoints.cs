using System.Globalization;
using System.Security.Claims;
using System.Text;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.Payouts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Gateways.Seller.Payouts;

/// <summary>
/// A seller's own ledger (balance, lines, monthly statement as CSV) and the operators' commission rates and trial
/// balance (docs/payouts.md). Every operator write is in the audit trail (the gateway's operator audit).
/// </summary>
public static class LedgerEndpoints
{
    public static IEndpointRouteBuilder MapLedger(this IEndpointRouteBuilder app)
    {
        var ledger = app.MapGroup("/ledger").WithTags("Ledger").RequireAuthorization();
        ledger.MapGet("/balance", async Task<Ok<SellerBalance>> (ClaimsPrincipal user, IClusterClient cluster) =>
                TypedResults.Ok(await Ledger(cluster).Balance(user.GetUserId())))
            .WithSummary("What the seller may be paid out now and what it owes (a refund beyond its balance).");
        ledger.MapGet("/lines", async Task<Ok<PagedList<LedgerLine>>> (ClaimsPrincipal user, IClusterClient cluster, int page = 1, int pageSize = 20, string? after = null) =>
                TypedResults.Ok(await Ledger(cluster).Lines(user.GetUserId(), page, pageSize, after)))
            .WithSummary("The seller's ledger lines (sale, commission, refund, payout…), newest first; `after` = a page's `next`.");
        ledger.MapGet("/statements/{month}", async Task<FileContentHttpResult> (string month, ClaimsPrincipal user, IClusterClient cluster) =>
            {
                var (year, number) = Month(month);
                var statement = await Ledger(cluster).Statement(user.GetUserId(), year, number);
                return TypedResults.File(Encoding.UTF8.GetBytes(StatementCsv.Write(statement)), "text/csv; charset=utf-8", $"statement-{month}.csv");
            })
            .WithSummary("The seller's statement of one month (yyyy-MM, UTC) as CSV: the opening balance, every line, the closing balance.");

        var operators = app.MapGroup("/operator").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);
        operators.MapGet("/commission-rates", async Task<Ok<CommissionRates>> (IClusterClient cluster) =>
                TypedResults.Ok(await Rates(cluster).Get()))
            .WithSummary("The commission rate of each category that has one, and the default for the others.");
        operators.MapPut("/commission-rates/{**categoryId}", async Task<Ok<CommissionRates>> (string categoryId, SetCommissionRate request, IClusterClient cluster) =>
                TypedResults.Ok(await Rates(cluster).Set(categoryId, request.Percent)))
            .WithSummary("Sets a category's commission (0 to 100 %, two decimals); its leaves without a rate of their own follow it. Applies to sub-orders delivered from now on.");
        operators.MapDelete("/commission-rates/{**categoryId}", async Task<Ok<CommissionRates>> (string categoryId, IClusterClient cluster) =>
                TypedResults.Ok(await Rates(cluster).Remove(categoryId)))
            .WithSummary("Removes a category's own rate: its parent's, or the default, applies again.");
        operators.MapGet("/ledger/trial-balance", async Task<Ok<TrialBalance>> (IClusterClient cluster) =>
                TypedResults.Ok(await Ledger(cluster).TrialBalance()))
            .WithSummary("Every account's total over the whole ledger; they sum to zero, and no entry is unbalanced.");
        operators.MapGet("/ledger/sellers/{sellerId:guid}/balance", async Task<Ok<SellerBalance>> (Guid sellerId, IClusterClient cluster) =>
                TypedResults.Ok(await Ledger(cluster).Balance(sellerId)))
            .WithSummary("One seller's available balance and debt.");
        return app;
    }

    private static ISellerLedgerGrain Ledger(IClusterClient cluster) => cluster.GetGrain<ISellerLedgerGrain>(0);

    private static ICommissionRatesGrain Rates(IClusterClient cluster) => cluster.GetGrain<ICommissionRatesGrain>(0);

    private static (int Year, int Month) Month(string month) =>
        month.Length == 7 && DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? (parsed.Year, parsed.Month)
            : throw new ValidationException("month", "A month is yyyy-MM, such as 2026-12.");

    public sealed record SetCommissionRate(decimal Percent);
}

/// <summary>A statement as CSV (RFC 4180): one row per line between the opening and the closing balance, amounts in roubles with a dot.</summary>
public static class StatementCsv
{
    public static string Write(SellerStatement statement)
    {
        var csv = new StringBuilder();
        csv.Append("posted_at,kind,entry,reference,account,amount,currency,memo\r\n");
        var start = new DateTimeOffset(statement.Year, statement.Month, 1, 0, 0, 0, TimeSpan.Zero);
        Row(csv, start, "OpeningBalance", "", "", "", statement.OpeningMinor, statement.Currency, "");
        foreach (var line in statement.Lines)
        {
            Row(csv, line.PostedAt, line.Kind.ToString(), line.EntryId.ToString(), line.Reference.ToString(), line.Account, line.AmountMinor, statement.Currency, line.Memo);
        }
        Row(csv, start.AddMonths(1), "ClosingBalance", "", "", "", statement.ClosingMinor, statement.Currency, "");
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, DateTimeOffset at, string kind, string entry, string reference, string account, long amountMinor, string currency, string memo) =>
        csv.Append(CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},{kind},{entry},{reference},{account},{amountMinor / 100m:0.00},{currency},{Quoted(memo)}\r\n");

    private static string Quoted(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
