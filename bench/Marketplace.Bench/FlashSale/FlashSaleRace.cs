using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Bench.Load;
using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench.FlashSale;

/// <summary>
/// Issue 11 item 2: a flash sale. One SKU with <c>--units</c> in stock; <c>--shoppers</c> shoppers start at the same
/// moment and each buys one unit after another through the public gateway's buy-now checkout (the whole durable saga,
/// paid through the test-mode processor) until told it is sold out (409). Not a phase of fixed length: the run ends
/// when every shopper has been turned away, and it reports what was sold, how fast, and how long winners and losers waited.
/// </summary>
public sealed class FlashSaleRace(BenchOptions options)
{
    public const string Name = "flash-sale";
    public const string Sku = "FLASH-1";

    /// <summary>Retries of a checkout that failed on the way (a timeout, a 5xx) with its own Idempotency-Key, as a client would.</summary>
    private const int Attempts = 5;

    public static IReadOnlyList<GatewayKind> Gateways => [GatewayKind.Public, GatewayKind.Seller];

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var seller = new TargetClient(Target.Gateway, options.Gateways[GatewayKind.Seller], 64, TimeSpan.FromSeconds(60));
        using var shop = new TargetClient(Target.Gateway, options.Gateways[GatewayKind.Public], options.Shoppers, options.Timeout);
        var sellerToken = await BenchShop.OpenShop(seller.Http, cancellationToken);
        var productId = await BenchShop.PublishProduct(seller.Http, sellerToken, "Flash sale phone", Sku, 19_990m, options.Units, cancellationToken);
        var warmUpProduct = await BenchShop.PublishProduct(seller.Http, sellerToken, "Warm-up phone", Sku, 19_990m, 1_000_000, cancellationToken);
        var accounts = await BenchShop.SignUpMany(shop.Http, "shopper", options.Accounts, cancellationToken);
        Log($"{options.Units} units of one SKU, {options.Shoppers} shoppers over {accounts.Length} accounts; warming up on another product");

        // JIT, connections and the checkout's grains of every account, on a product of its own.
        var warmUp = new Tally();
        await Task.WhenAll(accounts.Select((token, i) => Buy(shop.Http, token, warmUpProduct, $"{run}-warm-{i}", warmUp, cancellationToken)));

        var cpu = new CpuMeter(options.GatewayPids);
        var before = cpu.Take();
        var sale = new Tally();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, options.Shoppers).Select(async shopper =>
        {
            for (var order = 0; ; order++)
            {
                if (await Buy(shop.Http, accounts[shopper % accounts.Length], productId, $"{run}-{shopper}-{order}", sale, cancellationToken) != Result.Won)
                {
                    return;
                }
            }
        }));
        var usage = CpuMeter.Between(before, cpu.Take());

        using var stock = new HttpRequestMessage(HttpMethod.Get, $"/products/{productId}/variants/{Sku}/stock");
        stock.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sellerToken);
        using var stockResponse = await seller.Http.SendAsync(stock, cancellationToken);
        var level = await stockResponse.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return Report(sale, start, usage, level.GetProperty("onHand").GetInt32(), level.GetProperty("reserved").GetInt32());
    }

    private enum Result
    {
        Won,
        SoldOut,
        GaveUp,
    }

    /// <summary>One buy-now of one unit, retried with the same key when it fails on the way; how it ended.</summary>
    private async Task<Result> Buy(HttpClient shop, string token, Guid productId, string key, Tally tally, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/checkout")
            {
                Content = JsonContent.Create(new
                {
                    address = new { recipient = "Ivan Petrov", line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" },
                    paymentMethod = "pm_card_visa",
                    items = new[] { new { productId, sku = Sku, quantity = 1 } },
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", $"flash-{key}");
            string outcome;
            try
            {
                using var response = await shop.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                outcome = response.StatusCode switch
                {
                    HttpStatusCode.Conflict => "out of stock",
                    HttpStatusCode.Created => JsonDocument.Parse(body).RootElement.GetProperty("status").GetString()!,
                    var status => ((int)status).ToString(CultureInfo.InvariantCulture),
                };
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                outcome = e is TaskCanceledException ? "timeout" : "connection error";
            }
            var result = outcome switch
            {
                "Paid" => Result.Won,
                "out of stock" => Result.SoldOut,
                _ => (Result?)null,
            };
            if (result is { } ended)
            {
                tally.Record(ended, Stopwatch.GetTimestamp() - started);
                return ended;
            }
            tally.Error(outcome);
        }
        tally.Record(Result.GaveUp, Stopwatch.GetTimestamp() - started);
        return Result.GaveUp;
    }

    private string Report(Tally sale, long start, CpuUsage usage, int onHand, int reserved)
    {
        var sold = sale.Count(Result.Won);
        var sellOut = Stopwatch.GetElapsedTime(start, sale.LastWin).TotalSeconds;
        var winners = sale.Latencies(Result.Won);
        var losers = sale.Latencies(Result.SoldOut);
        var checkouts = sold + sale.Count(Result.SoldOut) + sale.Count(Result.GaveUp);
        var md = new StringBuilder();
        md.AppendLine(Invariant($"### Flash sale, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        md.AppendLine();
        md.AppendLine("| shoppers | accounts | units | sold (paid) | oversold | turned away (409) | gave up | errors on the way | sell-out s | units sold/s | winner p50 / p99 ms | loser p50 / p99 ms | stock after: on hand / reserved | server CPU ms/checkout | others' CPU % |");
        md.AppendLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        md.AppendLine(Invariant($"| {options.Shoppers} | {options.Accounts} | {options.Units} | {sold} | {Math.Max(0, sold - options.Units)} | {sale.Count(Result.SoldOut)} | {sale.Count(Result.GaveUp)} | {sale.Errors} | {sellOut:0.0} | {sold / sellOut:0} | {winners.P50Ms:0} / {winners.P99Ms:0} | {losers.P50Ms:0} / {losers.P99Ms:0} | {onHand} / {reserved} | {usage.ServerSeconds * 1000 / Math.Max(1, checkouts):0.0} | {Math.Max(0, usage.MachineBusy * 100 - (usage.ServerSeconds + usage.GeneratorSeconds) * 100 / (usage.WallSeconds * Environment.ProcessorCount)):0} |"));
        var consistent = sold <= options.Units && onHand == options.Units - sold && reserved == 0;
        md.AppendLine();
        md.AppendLine(consistent
            ? Invariant($"Stock adds up: {sold} sold + {onHand} on hand = {options.Units}, nothing left reserved.")
            : Invariant($"> STOCK DOES NOT ADD UP: {sold} paid, {onHand} on hand, {reserved} reserved of {options.Units}."));
        if (sale.ErrorKinds.Count > 0)
        {
            md.AppendLine();
            md.AppendLine($"Errors on the way (each retried with its key): {string.Join(", ", sale.ErrorKinds.Select(e => $"{e.Key} ×{e.Value}"))}");
        }
        return md.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Log(string message) => Console.Error.WriteLine($"[bench] {Name}: {message}");

    /// <summary>Every shopper's outcomes and latencies (from the first attempt to the answer), locked: shoppers record concurrently.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<Result, RequestLog> _logs = new() { [Result.Won] = new(), [Result.SoldOut] = new(), [Result.GaveUp] = new() };
        private readonly Dictionary<string, long> _errors = [];

        public long LastWin { get; private set; }

        public long Errors
        {
            get
            {
                lock (_logs)
                {
                    return _errors.Values.Sum();
                }
            }
        }

        public IReadOnlyDictionary<string, long> ErrorKinds => _errors;

        public void Record(Result result, long latencyTicks)
        {
            lock (_logs)
            {
                _logs[result].Record(new Outcome(true, 0, null), latencyTicks);
                if (result == Result.Won)
                {
                    LastWin = Stopwatch.GetTimestamp();
                }
            }
        }

        public void Error(string kind)
        {
            lock (_logs)
            {
                _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
            }
        }

        public int Count(Result result) => (int)_logs[result].Served;

        public LatencySummary Latencies(Result result) => _logs[result].Summarize();
    }
}
