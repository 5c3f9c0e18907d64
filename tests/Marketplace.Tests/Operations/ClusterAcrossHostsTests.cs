using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Ordering;
using Marketplace.Tests.Infrastructure;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Marketplace.Tests.Operations;

/// <summary>
/// The cluster across three hosts (<see cref="ThreeHostCluster"/>) losing one: every process of a host killed while
/// shoppers check out over real HTTP, and a host cut off the network for longer than failure detection takes. Each
/// test ends with the cluster whole again (the host's supervisor restarts its silo), so they run in either order. The
/// numbers are printed; docs/operations.md quotes a run.
/// </summary>
public sealed class ClusterAcrossHostsTests(ThreeHostCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeHostCluster>
{
    private const string Sku = "SKU-1";
    private const int Stock = 16;
    private const int Shoppers = 8;
    private const int CheckoutsEach = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [HostNetworkFact]
    public async Task Killing_every_process_of_a_host_during_checkouts_loses_duplicates_and_oversells_nothing()
    {
        await fixture.WholeAsync();
        var productId = await ListKettle(Stock);
        var inventory = fixture.Cluster.GetGrain<IInventoryGrain>(InventoryKey.For(productId, Sku));
        await inventory.Get();
        // The host to kill is the one holding the product's stock, so the count has to survive the kill.
        var victim = await fixture.HostOf(inventory) ?? fixture.Network.Hosts[0];
        var killed = await fixture.ActiveEntry(victim);
        using var gateway = fixture.Deployment.CreateClient(Gateway.Public);
        var shoppers = await Task.WhenAll(Enumerable.Range(0, Shoppers).Select(_ => gateway.SignUpAsync()));

        // Each authorisation takes a while, so the kill lands while sagas wait on the processor.
        await fixture.Processor.SetMode("Slow", delayMs: 800);
        var run = new CheckoutRun();
        var shopping = shoppers.Select((shopper, i) => Shop(shopper.Client, i, productId, run)).ToList();
        await Eventually.Until(() => Task.FromResult(run.Accepted >= Shoppers), Patience, "the first checkouts to be accepted");
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillEveryProcessAsync();
        await Eventually.Until(async () => (await fixture.Membership()).Single(killed.IsSameSilo).Status == SiloStatus.Dead,
            TimeSpan.FromSeconds(60), $"the killed silo of {victim.Name} to be declared dead");
        var declaredDeadAt = DateTimeOffset.UtcNow;
        var checkouts = (await Task.WhenAll(shopping)).SelectMany(c => c).ToList();
        await fixture.Processor.SetMode("Normal");

        var stock = await Eventually.Until(inventory.Get, s => s.Reserved == 0, Patience, "every reservation to be committed or released");
        var movedTo = await fixture.HostOf(inventory);
        // Counted from the orders as read back now, after the kill (those of the killed host from their stored state):
        // an order is lost if it did not end, or reads otherwise than it was seen to end.
        var readBack = await Task.WhenAll(checkouts.Select(c => fixture.Cluster.GetGrain<IOrderGrain>(c.OrderIds.First()).Get()));
        var paid = readBack.Where(o => o.Status == OrderStatus.Paid).ToList();
        var failed = readBack.Where(o => o.Status == OrderStatus.Failed).ToList();
        var lost = checkouts.Zip(readBack).Count(c => c.Second.Status is not (OrderStatus.Paid or OrderStatus.Failed)
            || c.First.Status != c.Second.Status.ToString());
        var charges = await Task.WhenAll(readBack.Select(async o => (Order: o, Authorizations: o.PaymentId is { } payment
            ? await fixture.Processor.Authorizations(payment.ToString())
            : [])));
        var duplicated = checkouts.Count(c => c.OrderIds.Count > 1) + charges.Count(c => c.Authorizations.Count > 1);
        var heldAfterFailure = charges.Count(c => c.Order.Status == OrderStatus.Failed && c.Authorizations.Any(IsHeld));
        var paidUnheld = charges.Count(c => c.Order.Status == OrderStatus.Paid && !c.Authorizations.Any(IsHeld));
        var oversold = Math.Max(0, paid.Count - Stock);

        output.WriteLine($"killed every process of {victim.Name} ({victim.Address}, the inventory's host) after {run.AcceptedBefore(killedAt)} accepted checkouts");
        output.WriteLine($"membership converged (killed silo Dead in the table) {(declaredDeadAt - killedAt).TotalSeconds:F1} s after the kill");
        var inFlight = checkouts.Where(c => c.Spans(killedAt)).ToList();
        output.WriteLine($"checkouts in flight at the kill: {inFlight.Count}, {inFlight.Count(c => c.Retries > 0)} of them retried; " +
            $"started between the kill and the death declaration: {checkouts.Count(c => c.StartedAt >= killedAt && c.StartedAt <= declaredDeadAt)}; " +
            $"requests answered 5xx or cut off and retried with the same Idempotency-Key: {run.Retries}");
        output.WriteLine($"checkouts: {checkouts.Count} accepted, {paid.Count} paid, {failed.Count} failed " +
            $"({string.Join(", ", failed.GroupBy(o => Kind(o.FailureReason)).Select(g => $"{g.Key} {g.Count()}"))}); " +
            $"lost {lost}, duplicated {duplicated}, held after failing {heldAfterFailure}, paid without a hold {paidUnheld}");
        output.WriteLine($"stock: {Stock} initial, {paid.Count} sold, {stock.OnHand} on hand, {stock.Reserved} reserved; oversold {oversold}; " +
            $"the inventory grain now on {movedTo?.Name ?? "no known host"}");

        Assert.Equal(Shoppers * CheckoutsEach, checkouts.Count);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
        Assert.Equal(0, heldAfterFailure);
        Assert.Equal(0, paidUnheld);
        Assert.Equal(0, oversold);
        Assert.Equal(Stock, stock.OnHand + paid.Count);
        Assert.Contains(failed, o => Kind(o.FailureReason) == "Out of stock");
        Assert.NotNull(movedTo);
        Assert.NotEqual(victim, movedTo);

        foreach (var shopper in shoppers)
        {
            shopper.Dispose();
        }
        // The host's supervisor restarts its silo: a new silo at the same address and port, the cluster whole again.
        await fixture.StartSiloAsync(victim);
        Assert.True((await fixture.ActiveEntry(victim)).Generation > killed.Generation);
    }

    [HostNetworkFact]
    public async Task A_host_cut_off_for_longer_than_failure_detection_is_declared_dead_and_its_silo_rejoins_as_a_new_one()
    {
        await fixture.WholeAsync();
        var host = fixture.Network.Hosts[^1];
        var cut = await fixture.ActiveEntry(host);
        var survivors = await Task.WhenAll(fixture.Network.Hosts.Where(h => h != host).Select(fixture.ActiveEntry));
        var silo = fixture.SiloOf(host);
        var productId = await ListKettle(stock: 10);
        using var gateway = fixture.Deployment.CreateClient(Gateway.Public);
        using var shopper = await gateway.SignUpAsync();
        var run = new CheckoutRun();

        var clock = Stopwatch.StartNew();
        host.CutLink();
        TimeSpan declaredDead, duringTook, restored;
        CheckoutResult during;
        try
        {
            await Eventually.Until(async () => (await fixture.Membership()).Single(cut.IsSameSilo).Status == SiloStatus.Dead,
                TimeSpan.FromSeconds(60), $"the cut-off silo of {host.Name} to be declared dead");
            declaredDead = clock.Elapsed;
            // The other two serve meanwhile, and the cut-off silo, which reaches neither them nor the table, runs on unaware.
            var checkingOut = Stopwatch.StartNew();
            during = await CheckOut(shopper.Client, productId, "pm_card_visa", run, 0);
            duringTook = checkingOut.Elapsed;
            Assert.Equal("Paid", during.Status);
            Assert.False(silo.HasExited, "the cut-off silo runs on while it cannot learn that it was declared dead");
        }
        finally
        {
            host.RestoreLink();
            restored = clock.Elapsed;
        }

        // Orleans' behaviour: once the link is back, the silo reads its own death in the table and stops itself.
        await Eventually.Until(() => Task.FromResult(silo.HasExited), TimeSpan.FromSeconds(60),
            "the cut-off silo to stop once it learns it was declared dead");
        var stopped = clock.Elapsed;
        // Orleans says why as it fails fast: "I have been told I am dead, so this silo will stop! Reason: …".
        const string Death = "I have been told I am dead";
        await Eventually.Until(() => Task.FromResult(silo.RecentOutput(lines: 1000).Contains(Death)), TimeSpan.FromSeconds(10),
            $"the stopped silo's log to say \"{Death}\"");
        var membership = await fixture.Membership();
        Assert.All(survivors, s => Assert.Equal(SiloStatus.Active, membership.Single(s.IsSameSilo).Status));

        // Its supervisor restarts it: it rejoins as a new silo (same address and port, a new generation) and the cluster serves.
        await fixture.StartSiloAsync(host);
        var rejoined = await fixture.ActiveEntry(host);
        var after = await CheckOut(shopper.Client, productId, "pm_card_visa", run, 1);

        output.WriteLine($"cut {host.Name}'s link ({host.Address}); its silo was declared dead {declaredDead.TotalSeconds:F1} s later " +
            $"and the link restored at {restored.TotalSeconds:F1} s; a checkout during the cut ended {during.Status} in {duringTook.TotalSeconds:F1} s");
        output.WriteLine($"the cut-off silo stopped itself {(stopped - restored).TotalSeconds:F1} s after the link came back " +
            $"(exit code {silo.ExitCode} after logging \"{Death}\"); the other two stayed Active throughout");
        output.WriteLine($"restarted, it rejoined as {rejoined.Address}:{rejoined.Port} generation {rejoined.Generation} " +
            $"(was {cut.Generation}); a checkout afterwards ended {after.Status}");
        Assert.Equal((cut.Address, cut.Port), (rejoined.Address, rejoined.Port));
        Assert.True(rejoined.Generation > cut.Generation, "the rejoined silo is a new one");
        Assert.Equal("Paid", after.Status);
    }

    private async Task<Guid> ListKettle(int stock)
    {
        var seller = await fixture.Cluster.ActiveSeller("Host shop");
        return (await fixture.Cluster.PublishedProduct(seller, CatalogSeeding.Kettle(1500m, stock, Sku))).ProductId;
    }

    /// <summary>One shopper's checkouts one after another, every fifth with a card the processor declines.</summary>
    private static async Task<List<CheckoutResult>> Shop(HttpClient shopper, int number, Guid productId, CheckoutRun run)
    {
        var results = new List<CheckoutResult>();
        for (var i = 0; i < CheckoutsEach; i++)
        {
            results.Add(await CheckOut(shopper, productId, (number + i) % 5 == 0 ? "pm_card_declined" : "pm_card_visa", run, i));
        }
        return results;
    }

    /// <summary>
    /// Buys one unit, retrying with the same Idempotency-Key while the cluster answers 5xx or the connection drops, as a
    /// shopper's app would, and waits until the order is Paid or Failed (Lost if it never is).
    /// </summary>
    private static async Task<CheckoutResult> CheckOut(HttpClient shopper, Guid productId, string card, CheckoutRun run, int attempt)
    {
        var key = $"hosts-{attempt}-{Guid.NewGuid():N}";
        var orderIds = new HashSet<Guid>();
        var startedAt = DateTimeOffset.UtcNow;
        var retries = 0;
        var orderId = await Eventually.Until(async () =>
        {
            using var checkout = new HttpRequestMessage(HttpMethod.Post, "/checkout")
            {
                Content = JsonContent.Create(new
                {
                    address = new { recipient = "Ivan Petrov", line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" },
                    paymentMethod = card,
                    items = new[] { new { productId, sku = Sku, quantity = 1 } },
                }),
            };
            checkout.Headers.Add("Idempotency-Key", key);
            try
            {
                using var placed = await shopper.SendAsync(checkout);
                if ((int)placed.StatusCode >= 500)
                {
                    retries++;
                    run.Retried();
                    return (Guid?)null;
                }
                // An order that lost the race for the stock is a 409 naming the failed order.
                if (placed.StatusCode != HttpStatusCode.Conflict)
                {
                    placed.EnsureSuccessStatusCode();
                }
                var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
                orderIds.Add(id);
                return id;
            }
            catch (Exception e) when (e is HttpRequestException { StatusCode: null } or TaskCanceledException)
            {
                retries++;
                run.Retried();
                return null;
            }
        }, id => id is not null, Patience, $"the {card} checkout {key} to be accepted");
        run.Accept();

        try
        {
            var order = await Eventually.Until(() => shopper.GetFromJsonAsync<JsonElement>($"/orders/{orderId}"),
                o => o.GetProperty("status").GetString() is "Paid" or "Failed", Patience, $"order {orderId} to end");
            return new CheckoutResult(orderIds, startedAt, retries, DateTimeOffset.UtcNow, order.GetProperty("status").GetString()!);
        }
        catch (TimeoutException)
        {
            return new CheckoutResult(orderIds, startedAt, retries, null, "Lost");
        }
    }

    /// <summary>A failure reason without its particulars: "Out of stock", "The payment was declined".</summary>
    private static string Kind(string? failureReason) => failureReason?.Split(':')[0] ?? "no reason";

    private static bool IsHeld(JsonElement authorization) => authorization.GetProperty("status").GetString() == "authorized";

    /// <summary>
    /// An accepted checkout: every order id its requests were answered with (one, or it was duplicated), when its first
    /// request was sent, how many were retried, and when and how the order ended.
    /// </summary>
    private sealed record CheckoutResult(HashSet<Guid> OrderIds, DateTimeOffset StartedAt, int Retries, DateTimeOffset? EndedAt, string Status)
    {
        public bool Spans(DateTimeOffset moment) => StartedAt < moment && (EndedAt is null || EndedAt > moment);
    }

    /// <summary>What all shoppers' checkouts did so far: when each was accepted, how many requests were retried.</summary>
    private sealed class CheckoutRun
    {
        private readonly List<DateTimeOffset> _accepted = [];
        private int _retries;

        public int Accepted
        {
            get
            {
                lock (_accepted)
                {
                    return _accepted.Count;
                }
            }
        }

        public int Retries => Volatile.Read(ref _retries);

        public void Retried() => Interlocked.Increment(ref _retries);

        public void Accept()
        {
            lock (_accepted)
            {
                _accepted.Add(DateTimeOffset.UtcNow);
            }
        }

        public int AcceptedBefore(DateTimeOffset moment)
        {
            lock (_accepted)
            {
                return _accepted.Count(a => a < moment);
            }
        }
    }
}
