using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Common;
using Marketplace.Payouts;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Payouts;

/// <summary>Commission and the seller ledger over real HTTP, on PostgreSQL: a delivered sale, the operators' rates, the seller's reads.</summary>
[Collection(PayoutsDeploymentCollection.Name)]
public sealed class LedgerOverHttpTests(PayoutsDeployment fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_delivered_sale_posts_the_sale_and_its_categorys_commission_once_and_the_seller_reads_them_after_a_restart()
    {
        using var op = await fixture.Deployment.CreateClient(Gateway.Seller).SignInAsOperatorAsync();
        using (var set = await op.Client.PutAsJsonAsync("/operator/commission-rates/sports/cycling", new { percent = 12.5m }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }
        using var seller = await fixture.NewSeller("Bike shop");
        var productId = await fixture.Listing(seller.UserId, price: 1500m, category: "sports/cycling");

        var subOrderId = await fixture.DeliveredSale(seller, productId, quantity: 2);

        var balance = await Eventually.Until(() => seller.Client.GetFromJsonAsync<SellerBalance>("/ledger/balance"),
            b => b!.AvailableMinor > 0, Patience, "the sale posted to the seller's ledger");
        // 3,000.00 less 12.5 % commission.
        Assert.Equal(262_500, balance!.AvailableMinor);
        Assert.Equal(2625m, balance.Available);
        Assert.Equal(0, balance.DebtMinor);

        await fixture.ReplaceTheSilo();

        var lines = await Eventually.Until(() => seller.Client.GetFromJsonAsync<PagedList<LedgerLine>>("/ledger/lines?pageSize=1"),
            page => page is not null, TimeSpan.FromSeconds(60), "the ledger read after the silo's replacement");
        Assert.Equal(2, lines!.Total);
        var newest = Assert.Single(lines.Items);
        var next = await seller.Client.GetFromJsonAsync<PagedList<LedgerLine>>($"/ledger/lines?pageSize=1&after={lines.Next}");
        var oldest = Assert.Single(next!.Items);
        Assert.Null(next.Next);
        var all = new[] { newest, oldest };
        Assert.All(all, l => Assert.Equal(subOrderId, l.Reference));
        Assert.All(all, l => Assert.Equal(EntryKind.Sale, l.Entry));
        Assert.Equal(300_000, all.Single(l => l.Kind == LineKind.Sale).AmountMinor);
        var commission = all.Single(l => l.Kind == LineKind.Commission);
        Assert.Equal(-37_500, commission.AmountMinor);
        Assert.Contains("12.5 % of sports/cycling", commission.Memo);
        Assert.Equal(262_500, (await seller.Client.GetFromJsonAsync<SellerBalance>("/ledger/balance"))!.AvailableMinor);

        var trial = await op.Client.GetFromJsonAsync<TrialBalance>("/operator/ledger/trial-balance");
        Assert.Equal(0, trial!.SumMinor);
        Assert.Equal(0, trial.UnbalancedEntries);
        Assert.Equal(0, trial.BalanceMismatches);
    }

    [Fact]
    public async Task Operators_set_a_rate_only_for_a_real_category_from_0_to_100_percent_and_every_change_is_in_the_audit_trail()
    {
        using var op = await fixture.Deployment.CreateClient(Gateway.Seller).SignInAsOperatorAsync();

        using var refused = await op.Client.PutAsJsonAsync("/operator/commission-rates/home/garage", new { percent = 100.5m });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("categoryId", out _), problem.ToString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("percent", out _), problem.ToString());
        using var missing = await op.Client.PutAsJsonAsync("/operator/commission-rates/books", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        using var set = await op.Client.PutAsJsonAsync("/operator/commission-rates/books", new { percent = 7m });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var rates = await op.Client.GetFromJsonAsync<CommissionRates>("/operator/commission-rates");
        Assert.Contains(rates!.Rates, r => r.CategoryId == "books" && r.Percent == 7m);
        using var removed = await op.Client.DeleteAsync("/operator/commission-rates/books");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.Client.DeleteAsync("/operator/commission-rates/books")).StatusCode);

        using var seller = await fixture.NewSeller("Not an operator");
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.Client.PutAsJsonAsync("/operator/commission-rates/books", new { percent = 1m })).StatusCode);

        var audit = await op.Client.GetFromJsonAsync<JsonElement>("/operator/audit?pageSize=50");
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("PUT /operator/commission-rates/{categoryId}", actions);
        Assert.Contains("DELETE /operator/commission-rates/{categoryId}", actions);
    }
}
