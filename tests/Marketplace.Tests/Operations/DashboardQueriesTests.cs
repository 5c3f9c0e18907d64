using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Marketplace.Tests.Operations;

/// <summary>
/// Every Grafana panel in deploy/grafana/dashboards and every rule in deploy/prometheus/rules, evaluated by a real
/// Prometheus scraping a running marketplace after a paid and a declined checkout went through it: each expression
/// must parse and run, and each panel that describes that traffic must return data. A panel whose description starts
/// with "Empty while healthy" shows failures only, so it must parse but may be empty. A dashboard can therefore never
/// name a metric the hosts do not export.
/// </summary>
[Collection(ObservedDeploymentCollection.Name)]
public sealed class DashboardQueriesTests(ObservedDeployment fixture, ITestOutputHelper output)
{
    public const string EmptyWhileHealthy = "Empty while healthy";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string DashboardDirectory = Path.Combine(RepoPaths.Root, "deploy", "grafana", "dashboards");

    [Fact]
    public async Task Every_panel_and_rule_parses_and_the_panels_describing_a_checkout_return_data()
    {
        var deployment = fixture.Deployment;
        await using var prometheus = await PrometheusServer.StartAsync(
        [
            ("silo", deployment.Silos[0].BaseAddress),
            ("public-gateway", deployment[Gateway.Public].BaseAddress),
            ("seller-gateway", deployment[Gateway.Seller].BaseAddress),
            ("logistics-gateway", deployment[Gateway.Logistics].BaseAddress),
        ]);
        await Eventually.Until(async () => (await prometheus.Query("sum(up)")).Answer is { ValueKind: JsonValueKind.Array } up
                && up.GetArrayLength() == 1 && up[0].GetProperty("value")[1].GetString() == "4",
            Patience, "prometheus to scrape the silo and the three gateways");

        await DriveCheckouts();

        var panels = Panels().ToList();
        Assert.True(panels.Count >= 40, $"only {panels.Count} panel queries found in {DashboardDirectory}");
        var failures = new List<string>();
        foreach (var panel in panels)
        {
            var expr = panel.Expr.Replace("$__rate_interval", "1m");
            var (ok, answer) = await prometheus.Query(expr);
            if (!ok)
            {
                failures.Add($"{panel.Dashboard} / {panel.Title}: does not run: {answer}");
                continue;
            }
            if (panel.MayBeEmpty)
            {
                continue;
            }
            try
            {
                await Eventually.Until(async () => (await prometheus.Query(expr)).Answer, result => result.GetArrayLength() > 0, Patience,
                    $"data for {panel.Dashboard} / {panel.Title}");
            }
            catch (TimeoutException)
            {
                failures.Add($"{panel.Dashboard} / {panel.Title}: no data for {expr}");
            }
        }

        var rules = await prometheus.Rules();
        var ruleFiles = Directory.GetFiles(Path.Combine(Promtool.PrometheusDirectory, "rules"), "*.rules.yml").SelectMany(File.ReadLines).Select(l => l.Trim());
        Assert.Equal(ruleFiles.Count(l => l.StartsWith("- record: ", StringComparison.Ordinal) || l.StartsWith("- alert: ", StringComparison.Ordinal)), rules.Count);
        foreach (var rule in rules)
        {
            var query = rule.GetProperty("query").GetString()!;
            var name = rule.GetProperty("name").GetString();
            var (ok, answer) = await prometheus.Query(query);
            if (!ok)
            {
                failures.Add($"rule {name}: does not run: {answer}");
            }
        }
        await Eventually.Until(async () => (await prometheus.Rules()).All(r => r.GetProperty("health").GetString() == "ok"), Patience,
            "every rule to have been evaluated without an error");

        output.WriteLine($"{panels.Count} panel queries and {rules.Count} rules evaluated; {panels.Count(p => p.MayBeEmpty)} panels show failures only.");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private sealed record PanelQuery(string Dashboard, string Title, string Expr, bool MayBeEmpty);

    private static IEnumerable<PanelQuery> Panels()
    {
        var files = Directory.GetFiles(DashboardDirectory, "*.json");
        Assert.Equal(5, files.Length);
        foreach (var file in files)
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var title = dashboard.RootElement.GetProperty("title").GetString()!;
            foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row"))
            {
                var description = panel.GetProperty("description").GetString() ?? "";
                var targets = panel.GetProperty("targets").EnumerateArray().ToList();
                Assert.NotEmpty(targets);
                foreach (var target in targets)
                {
                    yield return new PanelQuery(title, panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!,
                        description.StartsWith(EmptyWhileHealthy, StringComparison.Ordinal));
                }
            }
        }
    }

    /// <summary>
    /// A seller lists a kettle; one shopper pays for it and the seller packs the parcel, another shopper pays and cancels,
    /// a third one's card is declined.
    /// </summary>
    private async Task DriveCheckouts()
    {
        var (seller, productId) = await CheckoutDriver.ListKettle(fixture, "DASH-1", stock: 5);
        using var _ = seller;
        foreach (var (card, expected, then) in new[] { ("pm_card_visa", "Paid", "pack"), ("pm_card_visa", "Paid", "cancel"), ("pm_card_declined", "Failed", "") })
        {
            using var shopper = await fixture.Deployment.CreateClient(Gateway.Public).SignUpAsync("Dashboard shopper");
            var order = await CheckoutDriver.Checkout(shopper.Client, productId, "DASH-1", card);
            Assert.Equal(expected, order.GetProperty("status").GetString());
            using var followUp = then switch
            {
                "pack" => await seller.Client.PostAsJsonAsync($"/shipments/{order.GetProperty("sellerOrders")[0].GetProperty("shipmentId").GetGuid()}/pack", new { location = "Dashboard shop" }),
                "cancel" => await shopper.Client.PostAsJsonAsync($"/orders/{order.GetProperty("orderId").GetGuid()}/cancel", new { reason = "changed my mind" }),
                _ => null,
            };
            Assert.True(followUp is null || followUp.IsSuccessStatusCode, followUp is null ? "" : await followUp.Content.ReadAsStringAsync());
        }
    }
}
