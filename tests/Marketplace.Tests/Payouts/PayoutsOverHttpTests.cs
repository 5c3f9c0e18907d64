using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Common;
using Marketplace.Payouts;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Promotions;

namespace Marketplace.Tests.Payouts;

/// <summary>
/// Payout runs over real HTTP against the card processor's process, on PostgreSQL: a balance paid once however often
/// runs start, a processor outage and a lost answer reconciled, a refused payout given back, the CSV statement, and
/// the ledger summing to zero after all of it.
/// </summary>
[Collection(PayoutsDeploymentCollection.Name)]
public sealed class PayoutsOverHttpTests(PayoutsDeployment fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_run_pays_the_available_balance_once_even_when_started_twice_and_the_seller_sees_it_in_its_ledger_and_statement()
    {
        using var op = await Operator();
        using var seller = await fixture.NewSeller("Toy shop");
        var productId = await fixture.Listing(seller.UserId, price: 999.99m, category: "toys/games");
        await fixture.DeliveredSale(seller, productId, quantity: 3);
        // 2,999.97 less the default 10 % (300.00 rounded from 299.997).
        var available = await Available(seller, 269_997);

        var first = await StartRun(op);
        var second = await StartRun(op);

        var payout = await Eventually.Until(async () => Assert.Single((await SellerPayouts(seller)).Items),
            p => p.Status == PayoutStatus.Paid, Patience, "the seller's payout paid");
        Assert.Equal(available, payout.AmountMinor);
        Assert.Contains(payout.RunId, new[] { first.RunId, second.RunId });
        var atProcessor = Assert.Single(await ProcessorPayouts(payout.PayoutId));
        Assert.Equal(available, atProcessor.GetProperty("amount").GetInt64());
        Assert.Equal(payout.ProcessorPayoutId, atProcessor.GetProperty("id").GetString());
        Assert.Equal(0, (await seller.Client.GetFromJsonAsync<SellerBalance>("/ledger/balance"))!.AvailableMinor);

        var runs = await Eventually.Until(() => Task.WhenAll(new[] { first, second }.Select(r => op.Client.GetFromJsonAsync<PayoutRunReport>($"/operator/payout-runs/{r.RunId}"))),
            reports => reports.All(r => r!.Run.Status == PayoutRunStatus.Issued), Patience, "both runs issued");
        Assert.Contains(runs, r => r!.Totals.Any(t => t.Status == PayoutStatus.Paid && t.AmountMinor >= available));
        var listed = await op.Client.GetFromJsonAsync<PagedList<PayoutRunView>>("/operator/payout-runs?pageSize=100");
        Assert.Contains(listed!.Items, r => r.RunId == first.RunId);

        await fixture.ReplaceTheSilo();

        var lines = await Eventually.Until(() => seller.Client.GetFromJsonAsync<PagedList<LedgerLine>>("/ledger/lines"),
            page => page!.Items.Any(l => l.Kind == LineKind.Payout), Patience, "the payout in the ledger after the silo's replacement");
        Assert.Equal([LineKind.Payout, LineKind.Commission, LineKind.Sale], lines!.Items.Select(l => l.Kind));
        Assert.Equal(-available, lines.Items[0].AmountMinor);

        var month = DateTimeOffset.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        using var statement = await seller.Client.GetAsync($"/ledger/statements/{month}");
        Assert.Equal(HttpStatusCode.OK, statement.StatusCode);
        Assert.Equal("text/csv", statement.Content.Headers.ContentType?.MediaType);
        var rows = (await statement.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(',')).ToList();
        Assert.Equal("posted_at,kind,entry,reference,account,amount,currency,memo", string.Join(',', rows[0]));
        Assert.Equal(["OpeningBalance", "Sale", "Commission", "Payout", "ClosingBalance"], rows.Skip(1).Select(r => r[1]));
        Assert.Equal(["0.00", "2999.97", "-300.00", "-2699.97", "0.00"], rows.Skip(1).Select(r => r[5]));

        using var badMonth = await seller.Client.GetAsync("/ledger/statements/2026-13");
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.True((await badMonth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("month", out _));
        using var future = await seller.Client.GetAsync($"/ledger/statements/{DateTimeOffset.UtcNow.AddYears(1):yyyy}-01");
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        using var badPage = await seller.Client.GetAsync("/ledger/lines?pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
    }

    [Fact]
    public async Task A_processor_outage_leaves_the_payout_retrying_and_visible_and_once_the_processor_is_back_it_is_paid_once()
    {
        using var op = await Operator();
        using var seller = await fixture.NewSeller("Kettle shop");
        var productId = await fixture.Listing(seller.UserId, price: 1000m, category: "home/lighting");
        await fixture.DeliveredSale(seller, productId, quantity: 1);
        var available = await Available(seller, 90_000);

        await fixture.Processor.SetMode("Outage");
        try
        {
            await StartRun(op);
            var failing = await Eventually.Until(() => Failing(op, seller.UserId), p => p is { Attempts: >= 2 }, Patience + PayoutsDeployment.RetryDelay,
                "the payout tried twice, with the back-off between, during the outage");
            Assert.Equal(PayoutStatus.Sending, failing!.Status);
            Assert.Equal("http_503", failing.LastError);
            Assert.Equal(available, failing.AmountMinor);
            // Taken from the balance the moment the run opened it: a second run during the outage has nothing to pay.
            Assert.Equal(0, (await seller.Client.GetFromJsonAsync<SellerBalance>("/ledger/balance"))!.AvailableMinor);

            var blind = await Reconcile(op);
            Assert.True(blind.ProcessorUnreachable >= 1, blind.ToString());
        }
        finally
        {
            await fixture.Processor.SetMode("Normal");
        }

        // The processor never got it: reconciliation sends it again at once instead of after the back-off.
        var report = await Reconcile(op);
        Assert.True(report.SentAgain >= 1, report.ToString());
        var paid = await Eventually.Until(async () => Assert.Single((await SellerPayouts(seller)).Items),
            p => p.Status == PayoutStatus.Paid, Patience, "the payout paid once the processor is back");
        Assert.Equal(available, Assert.Single(await ProcessorPayouts(paid.PayoutId)).GetProperty("amount").GetInt64());
        await Eventually.Until(async () => await Failing(op, seller.UserId) is null, Patience, "the payout no longer failing");
    }

    [Fact]
    public async Task A_payout_the_processor_made_but_whose_answer_was_lost_is_found_by_reconciliation_and_recorded_once()
    {
        using var op = await Operator();
        using var seller = await fixture.NewSeller("Book shop");
        var productId = await fixture.Listing(seller.UserId, price: 500m, category: "books/fiction");
        await fixture.DeliveredSale(seller, productId, quantity: 2);
        var available = await Available(seller, 90_000);

        using (var lose = await fixture.Processor.Http.PutAsJsonAsync("/admin/mode", new { mode = "Normal", loseNext = 1 }))
        {
            lose.EnsureSuccessStatusCode();
        }
        var run = await StartRun(op);
        // The run pays every seller with a balance (earlier tests' too): the first payout it sends is the one whose answer is lost.
        var unanswered = await Eventually.Until(
            async () => (await op.Client.GetFromJsonAsync<PagedList<PayoutView>>($"/operator/payouts?failing=true&status=Sending&runId={run.RunId}"))!.Items.SingleOrDefault(),
            p => p is { Attempts: 1 }, Patience, "a payout's answer lost");
        Assert.Equal(PayoutStatus.Sending, unanswered!.Status);
        Assert.Equal("http_503", unanswered.LastError);
        var held = Assert.Single(await ProcessorPayouts(unanswered.PayoutId));
        Assert.Equal(unanswered.AmountMinor, held.GetProperty("amount").GetInt64());

        var report = await Reconcile(op);

        Assert.True(report.RecordedFromProcessor >= 1, report.ToString());
        // Whatever the processor did (a seller of an earlier test has an account the bank refuses) is what is recorded.
        var recorded = await op.Client.GetFromJsonAsync<PayoutView>($"/operator/payouts/{unanswered.PayoutId}");
        Assert.Equal(held.GetProperty("status").GetString() == "paid" ? PayoutStatus.Paid : PayoutStatus.Failed, recorded!.Status);
        Assert.Equal(held.GetProperty("id").GetString(), recorded.ProcessorPayoutId);
        Assert.Single(await ProcessorPayouts(unanswered.PayoutId));
        var paid = await Eventually.Until(async () => (await SellerPayouts(seller)).Items.SingleOrDefault(), p => p?.Status == PayoutStatus.Paid, Patience,
            "this test's seller paid");
        Assert.Equal(available, paid!.AmountMinor);
        Assert.Single(await ProcessorPayouts(paid.PayoutId));
        Assert.Equal(0, (await seller.Client.GetFromJsonAsync<SellerBalance>("/ledger/balance"))!.AvailableMinor);
    }

    [Fact]
    public async Task A_refused_payout_gives_the_amount_back_and_after_every_kind_of_entry_all_accounts_sum_to_zero()
    {
        using var op = await Operator();
        using var closed = await fixture.NewSeller("Closed account shop", accountNumber: "40702810000000000002");
        using var open = await fixture.NewSeller("Open account shop");
        using var promoted = await fixture.NewSeller("Promoted shop");
        var closedProduct = await fixture.Listing(closed.UserId, price: 200m, category: "beauty/makeup");
        var openProduct = await fixture.Listing(open.UserId, price: 300m, category: "beauty/makeup");
        var promotedProduct = await fixture.Listing(promoted.UserId, price: 300m, category: "beauty/makeup");
        using (var rate = await op.Client.PutAsJsonAsync("/operator/commission-rates/beauty", new { percent = 15m }))
        {
            rate.EnsureSuccessStatusCode();
        }
        var code = PromoTerms.NewCode("LEDGER");
        await PromoTerms.Of(code, fixedAmount: 50m, sellers: [promoted.UserId]).DefineAsync(op.Client);
        await fixture.DeliveredSale(closed, closedProduct, quantity: 1);
        await fixture.DeliveredSale(open, openProduct, quantity: 2);
        await fixture.DeliveredSale(promoted, promotedProduct, quantity: 1, promoCode: code);
        var closedAvailable = await Available(closed, 17_000);
        await Available(open, 51_000);
        // The shopper paid 250.00 of the 300.00; the platform's 50.00 is the seller's too, and the commission is on all 300.00.
        await Available(promoted, 25_500);
        var promotedLines = (await promoted.Client.GetFromJsonAsync<PagedList<LedgerLine>>("/ledger/lines"))!.Items.ToDictionary(l => l.Kind, l => l.AmountMinor);
        Assert.Equal(new Dictionary<LineKind, long> { [LineKind.Sale] = 25_000, [LineKind.PlatformDiscount] = 5_000, [LineKind.Commission] = -4_500 }, promotedLines);

        var run = await StartRun(op);

        var refused = await Eventually.Until(async () => Assert.Single((await SellerPayouts(closed)).Items),
            p => p.Status == PayoutStatus.Failed, Patience, "the payout to the closed account refused");
        Assert.Equal("account_closed", refused.History[^1].Note);
        await Eventually.Until(async () => (await SellerPayouts(open)).Items.SingleOrDefault()?.Status == PayoutStatus.Paid, Patience, "the other payout paid");
        var balance = await Eventually.Until(() => closed.Client.GetFromJsonAsync<SellerBalance>("/ledger/balance"),
            b => b!.AvailableMinor == closedAvailable, Patience, "the refused amount back in the balance");
        Assert.Equal(0, balance!.DebtMinor);
        var failures = await op.Client.GetFromJsonAsync<PagedList<PayoutView>>($"/operator/payouts?failing=true&runId={run.RunId}");
        Assert.Contains(failures!.Items, p => p.PayoutId == refused.PayoutId);
        Assert.DoesNotContain(failures.Items, p => p.SellerId == open.UserId);
        var byStatus = await op.Client.GetFromJsonAsync<PagedList<PayoutView>>($"/operator/payouts?status=Failed&sellerId={closed.UserId}");
        Assert.Equal(refused.PayoutId, Assert.Single(byStatus!.Items).PayoutId);
        var closedLines = await closed.Client.GetFromJsonAsync<PagedList<LedgerLine>>("/ledger/lines");
        Assert.Equal([LineKind.PayoutReversed, LineKind.Payout, LineKind.Commission, LineKind.Sale], closedLines!.Items.Select(l => l.Kind));

        // Every entry of every test so far (sales, commissions, paid, refused and reconciled payouts) balances, and so does the whole ledger.
        // The run's other payouts (sellers of earlier tests) may still be on their way: read once all have settled.
        var (trial, sending) = await Eventually.Until(async () => (await op.Client.GetFromJsonAsync<TrialBalance>("/operator/ledger/trial-balance"), await InTransit(op)),
            read => read.Item1!.Accounts.Single(a => a.Account == LedgerAccounts.PayoutsInTransit).BalanceMinor == -read.Item2, Patience,
            "the payouts in transit to match the payouts still sending");
        Assert.Equal(0, trial!.SumMinor);
        Assert.Equal(0, trial.UnbalancedEntries);
        Assert.Equal(0, trial.BalanceMismatches);
        Assert.True(trial.Entries >= 6, trial.ToString());
        var accounts = trial.Accounts.ToDictionary(a => a.Account, a => a.BalanceMinor);
        Assert.True(accounts[LedgerAccounts.CommissionRevenue] < 0);
        Assert.True(accounts[LedgerAccounts.PlatformDiscounts] >= 5_000, "the platform's discount is its expense");
        Assert.True(accounts[LedgerAccounts.SellerPayable] <= 0);
        Assert.True(sending >= 0);
    }

    [Fact]
    public async Task Payout_lists_refuse_a_cursor_they_never_handed_out_an_unknown_status_and_an_oversized_page()
    {
        using var op = await Operator();
        foreach (var path in new[] { "/operator/payouts?after=not-a-cursor", "/operator/payout-runs?pageSize=101", "/operator/payouts?page=0" })
        {
            using var response = await op.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        using var status = await op.Client.GetAsync("/operator/payouts?status=Lost");
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.Client.GetAsync($"/operator/payout-runs/{Guid.NewGuid()}")).StatusCode);
    }

    private Task<SignedInUser> Operator() => fixture.Deployment.CreateClient(Gateway.Seller).SignInAsOperatorAsync();

    private static async Task<long> Available(SignedInUser seller, long expected)
    {
        var balance = await Eventually.Until(() => seller.Client.GetFromJsonAsync<SellerBalance>("/ledger/balance"),
            b => b!.AvailableMinor > 0, Patience, "the sale in the seller's balance");
        Assert.Equal(expected, balance!.AvailableMinor);
        return balance.AvailableMinor;
    }

    private static async Task<PayoutRunView> StartRun(SignedInUser op)
    {
        using var started = await op.Client.PostAsync("/operator/payout-runs", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = (await started.Content.ReadFromJsonAsync<PayoutRunView>())!;
        Assert.Equal($"/operator/payout-runs/{run.RunId}", started.Headers.Location?.OriginalString);
        return run;
    }

    private static async Task<ReconciliationReport> Reconcile(SignedInUser op)
    {
        using var response = await op.Client.PostAsync("/operator/payouts/reconcile", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReconciliationReport>())!;
    }

    private static async Task<PagedList<PayoutView>> SellerPayouts(SignedInUser seller) =>
        (await seller.Client.GetFromJsonAsync<PagedList<PayoutView>>("/payouts"))!;

    private static async Task<PayoutView?> Failing(SignedInUser op, Guid sellerId) =>
        (await op.Client.GetFromJsonAsync<PagedList<PayoutView>>($"/operator/payouts?failing=true&sellerId={sellerId}"))!.Items.SingleOrDefault();

    /// <summary>What the payouts still sending hold: the in-transit account's balance, negated.</summary>
    private static async Task<long> InTransit(SignedInUser op) =>
        (await op.Client.GetFromJsonAsync<PagedList<PayoutView>>($"/operator/payouts?status=Sending&pageSize=100"))!.Items.Sum(p => p.AmountMinor);

    private async Task<List<JsonElement>> ProcessorPayouts(Guid payoutId) =>
        await fixture.Processor.Http.GetFromJsonAsync<List<JsonElement>>($"/v1/payouts?reference={payoutId}") ?? [];
}
