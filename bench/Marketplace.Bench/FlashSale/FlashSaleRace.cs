using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Bench.Load;
using Marketplace.Bench.Scenarios;
using Npgsql;

namespace Marketplace.Bench.FlashSale;

/// <summary>
/// Issue 11 item 2: a flash sale. One SKU with <c>--units</c> in stock; <c>--shoppers</c> shoppers start at the same
/// moment, each wanting <c>--wants</c> units, and buy them through the public gateway's buy-now checkout (the whole
/// durable saga, paid through the test-mode processor): told that only N are left they buy N, told that none are left
/// they go. Not a phase of fixed length: the run ends when every shopper has bought or been turned away, and reports
/// what was sold, how fast, how long winners and losers waited, and how many writes the SKU's stock took.
/// </summary>
public sealed partial class FlashSaleRace(BenchOptions options)
{
    public const string Name = "flash-sale";

    /// <summary>Repeats of a checkout that failed on the way (a 503, a timeout) with its own Idempotency-Key, as a shopper's app would.</summary>
    private const int Attempts = 20;

    private static readonly TimeSpan OrderDeadline = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<GatewayKind> Gateways => [GatewayKind.Public, GatewayKind.Seller];

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var seller = new TargetClient(Target.Gateway, options.Gateways[GatewayKind.Seller], 64, TimeSpan.FromSeconds(60));
        using var shop = new TargetClient(Target.Gateway, options.Gateways[GatewayKind.Public], options.Shoppers, TimeSpan.FromSeconds(60));
        var op = await BenchAccounts.SignIn(seller.Http, BenchOperator.Email, BenchOperator.Password, cancellationToken);
        var sellerToken = (await BenchAccounts.ActiveSeller(seller.Http, op.Token, "Flash shop", cancellationToken)).Token;
        var productId = await BenchAccounts.PublishedProduct(seller.Http, sellerToken, "Flash sale phone", cancellationToken, stock: options.Units);
        var warmUpProduct = await BenchAccounts.PublishedProduct(seller.Http, sellerToken, "Warm-up phone", cancellationToken);
        var accounts = new string[options.Accounts];
        await Parallel.ForAsync(0, accounts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, ct) => accounts[i] = (await BenchAccounts.SignUp(shop.Http, ct)).Token);
        Log($"{options.Units} units of one SKU; {options.Shoppers} shoppers over {accounts.Length} accounts want {options.Wants} each; warming up on another product");

        // JIT, connections and each account's grains, on a product of its own.
        var warmUp = new Tally();
        await Task.WhenAll(accounts.Select((token, i) => Buy(shop.Http, token, warmUpProduct, 1, $"{run}-warm-{i}", warmUp, cancellationToken)));

        var writesBefore = StockWrites(productId);
        var cpu = new CpuMeter(options.GatewayPids);
        var before = cpu.Take();
        var sale = new Tally();
        var start = Stopwatch.GetTimestamp();
        var bought = await Task.WhenAll(Enumerable.Range(0, options.Shoppers).Select(async shopper =>
        {
            var token = accounts[shopper % accounts.Length];
            var units = 0;
            var asking = options.Wants;
            for (var order = 0; units < options.Wants; order++)
            {
                var (result, left) = await Buy(shop.Http, token, productId, asking, $"{run}-{shopper}-{order}", sale, cancellationToken);
                if (result == Result.Paid)
                {
                    units += asking;
                    asking = options.Wants - units;
                }
                else if (result == Result.OutOfStock && left > 0)
                {
                    asking = Math.Min(options.Wants - units, left);
                }
                else
                {
                    break;
                }
            }
            return units;
        }));
        var usage = CpuMeter.Between(before, cpu.Take());
        var writes = StockWrites(productId) - writesBefore;

        using var stock = new HttpRequestMessage(HttpMethod.Get, $"/products/{productId}/variants/SKU-1/stock");
        stock.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sellerToken);
        using var stockResponse = await seller.Http.SendAsync(stock, cancellationToken);
        var level = await stockResponse.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return Report(sale, bought, start, usage, writes, level.GetProperty("onHand").GetInt32(), level.GetProperty("reserved").GetInt32());
    }

    private enum Result
    {
        Paid,
        OutOfStock,
        Failed,
        GaveUp,
    }

    /// <summary>One buy-now, repeated with its key while the cluster answers 503, followed to its end; how it ended and, refused, how many units were left.</summary>
    private async Task<(Result Result, int Left)> Buy(HttpClient shop, string token, Guid productId, int quantity, string key, Tally tally, CancellationToken cancellationToken)
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
                    items = new[] { new { productId, sku = "SKU-1", quantity } },
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", $"flash-{key}");
            try
            {
                using var response = await shop.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? "";
                    var left = UnitsLeft().Match(detail) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
                    tally.Record(Result.OutOfStock, Stopwatch.GetTimestamp() - started, 0);
                    return (Result.OutOfStock, left);
                }
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var order = JsonDocument.Parse(body).RootElement;
                    var status = order.GetProperty("status").GetString();
                    if (status is not ("Paid" or "Failed"))
                    {
                        status = await Ended(shop, token, order.GetProperty("orderId").GetGuid(), cancellationToken);
                    }
                    var result = status switch { "Paid" => Result.Paid, "Failed" => Result.Failed, _ => Result.GaveUp };
                    tally.Record(result, Stopwatch.GetTimestamp() - started, result == Result.Paid ? quantity : 0);
                    return (result, 0);
                }
                tally.Error(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                tally.Error(e is TaskCanceledException ? "timeout" : "connection error");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
        tally.Record(Result.GaveUp, Stopwatch.GetTimestamp() - started, 0);
        return (Result.GaveUp, 0);
    }

    /// <summary>An order answered before its payment settled (AwaitingPayment), read until it is Paid or Failed.</summary>
    private static async Task<string> Ended(HttpClient shop, string token, Guid orderId, CancellationToken cancellationToken)
    {
        var giveUp = Stopwatch.GetTimestamp() + (long)(OrderDeadline.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < giveUp)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{orderId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await shop.SendAsync(request, cancellationToken);
            var status = response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("status").GetString()
                : null;
            if (status is "Paid" or "Failed")
            {
                return status;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        return "Lost";
    }

    /// <summary>How many times the SKU's stock was written (its grain-storage row's version), when run.sh gave the silo's database.</summary>
    private long StockWrites(Guid productId)
    {
        if (options.Postgres is null)
        {
            return 0;
        }
        using var connection = new NpgsqlConnection(options.Postgres);
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT coalesce(max(version), 0) FROM orleansstorage WHERE graintypestring LIKE '%inventory%' AND grainidextensionstring LIKE @key", connection);
        command.Parameters.AddWithValue("key", $"%{productId:N}%");
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private string Report(Tally sale, int[] bought, long start, CpuUsage usage, long writes, int onHand, int reserved)
    {
        var sold = bought.Sum();
        var sellOut = Stopwatch.GetElapsedTime(start, sale.LastPaid).TotalSeconds;
        var paid = sale.Latencies(Result.Paid);
        var refused = sale.Latencies(Result.OutOfStock);
        var orders = sale.Count(Result.Paid);
        var checkouts = orders + sale.Count(Result.OutOfStock) + sale.Count(Result.Failed) + sale.Count(Result.GaveUp);
        var othersCpu = Math.Max(0, usage.MachineBusy - (usage.ServerSeconds + usage.GeneratorSeconds) / usage.WallSeconds / Environment.ProcessorCount) * 100;
        var md = new StringBuilder();
        md.AppendLine(Invariant($"### Flash sale, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end"));
        md.AppendLine();
        md.AppendLine("| shoppers (accounts) | units | wants | sold | oversold | shoppers served / turned away | checkouts: paid / 409 / failed / gave up | retried on the way | sell-out s | units/s | paid orders/s | stock writes (orders per write) | paid p50 / p99 ms | 409 p50 / p99 ms | stock after: on hand / reserved | server CPU ms/checkout | others' CPU % |");
        md.AppendLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        md.AppendLine(Invariant($"| {options.Shoppers} ({options.Accounts}) | {options.Units} | {options.Wants} | {sold} | {Math.Max(0, sold - options.Units)} | {bought.Count(b => b > 0)} / {bought.Count(b => b == 0)} | {orders} / {sale.Count(Result.OutOfStock)} / {sale.Count(Result.Failed)} / {sale.Count(Result.GaveUp)} | {sale.Errors} | {sellOut:0.0} | {sold / sellOut:0} | {orders / sellOut:0} | {(writes > 0 ? Invariant($"{writes} ({(double)checkouts / writes:0.0})") : "n/a")} | {paid.P50Ms:0} / {paid.P99Ms:0} | {refused.P50Ms:0} / {refused.P99Ms:0} | {onHand} / {reserved} | {usage.ServerSeconds * 1000 / Math.Max(1, checkouts):0.0} | {othersCpu:0} |"));
        md.AppendLine();
        md.AppendLine(sold <= options.Units && onHand == options.Units - sold && reserved == 0
            ? Invariant($"Stock adds up: {sold} sold + {onHand} on hand = {options.Units}, nothing left reserved.")
            : Invariant($"> STOCK DOES NOT ADD UP: {sold} sold, {onHand} on hand, {reserved} reserved of {options.Units}."));
        if (sale.ErrorKinds.Count > 0)
        {
            md.AppendLine();
            md.AppendLine($"Answers repeated with the same key: {string.Join(", ", sale.ErrorKinds.Select(e => $"{e.Key} ×{e.Value}"))}");
        }
        return md.ToString();
    }

    [GeneratedRegex(@"Only (\d+) units")]
    private static partial Regex UnitsLeft();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Log(string message) => Console.Error.WriteLine($"[bench] {Name}: {message}");

    /// <summary>Every checkout's outcome and latency (from its first attempt to its end), locked: shoppers record concurrently.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<Result, RequestLog> _logs = Enum.GetValues<Result>().ToDictionary(r => r, _ => new RequestLog());
        private readonly Dictionary<string, long> _errors = [];

        public long LastPaid { get; private set; }

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

        public void Record(Result result, long latencyTicks, int units)
        {
            lock (_logs)
            {
                _logs[result].Record(new Outcome(true, units, null), latencyTicks);
                if (result == Result.Paid)
                {
                    LastPaid = Stopwatch.GetTimestamp();
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
