using System.Globalization;
using Marketplace.Bench.FlashSale;
using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench;

public sealed class BenchOptions
{
    public const string Usage = """
        Marketplace.Bench — load generator comparing marketplace gateways with a bare Kestrel baseline.

        Usage: Marketplace.Bench run --public <url> --bare <url> [options]
               Marketplace.Bench list                      the scenarios
               Marketplace.Bench gateways [--scenario S]   the gateways the scenarios need (for bench/run.sh)
               Marketplace.Bench seed-catalog --postgres CS [--catalog-products N]
                                                           load the generated catalog into a search index
               Marketplace.Bench flash-sale --public <url> --seller <url> [--shoppers N] [--accounts N] [--units N] [--wants N]
                                                           shoppers race for one SKU through buy-now until it sells out

        Targets:
          --public URL         public gateway (also --seller URL, --logistics URL for scenarios that use them)
          --bare URL           bench/BareKestrel
          --gateway-pids P,Q   processes serving the gateway target (gateway + silos), for CPU per request
          --bare-pids P        the BareKestrel process
          --postgres CS        the silo's PostgreSQL (connection string): the search scenario seeds its catalog there
          --catalog-products N products of the generated catalog (default 100000)
        Load:
          --scenario S[,T]     scenarios whose name contains S or T (default: all)
          --mode M             closed | open | both (default both)
          --warmup SEC         closed-loop warm-up per target, not measured (default 10)
          --duration SEC       each measured phase, per target (default 10)
          --concurrency C      closed-loop workers (default 32)
          --rounds N           cut each phase into N slices alternating between the targets (default 2)
          --rate R             open-loop requests/s (default: the scenario's, else --rate-fraction of the
                               lower closed-loop req/s of the two targets, so both get the same rate)
          --rate-fraction F    (default 0.25)
          --max-connections N  connection pool per target (default 512)
          --timeout SEC        per request (default 10)
          --out FILE           JSON results (default bench-results.json)
        Flash sale:
          --shoppers N         shoppers racing for the SKU (default 2000)
          --wants N            units each shopper buys, fewer if fewer are left (default 6: more than the stock in all)
          --accounts N         accounts they sign in with (default 200: each sign-up hashes a password)
          --units N            stock of the SKU (default 10000)
        """;

    public string Command { get; private init; } = "run";
    public Dictionary<GatewayKind, Uri> Gateways { get; } = [];
    public Uri? Bare { get; private set; }
    public IReadOnlyList<int> GatewayPids { get; private set; } = [];
    public IReadOnlyList<int> BarePids { get; private set; } = [];
    public string? Scenario { get; private set; }
    public LoadModes Modes { get; private set; } = LoadModes.Closed | LoadModes.Open;
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(10);
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);
    public int Concurrency { get; private set; } = 32;
    public int Rounds { get; private set; } = 2;
    public double? Rate { get; private set; }
    public double RateFraction { get; private set; } = 0.25;
    public int MaxConnections { get; private set; } = 512;
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(10);
    public string Out { get; private set; } = "bench-results.json";
    public string? Postgres { get; private set; }
    public int CatalogProducts { get; private set; } = 100_000;
    public int Shoppers { get; private set; } = 2_000;
    public int Accounts { get; private set; } = 200;
    public int Units { get; private set; } = 10_000;
    public int Wants { get; private set; } = 6;

    public static BenchOptions Parse(string[] args)
    {
        var hasCommand = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal);
        var options = new BenchOptions { Command = hasCommand ? args[0] : "run" };
        var rest = hasCommand ? args[1..] : args;
        for (var i = 0; i < rest.Length; i += 2)
        {
            var name = rest[i];
            if (i + 1 >= rest.Length)
            {
                throw new ArgumentException($"{name} needs a value");
            }
            var value = rest[i + 1];
            switch (name)
            {
                case "--public" or "--gateway": options.Gateways[GatewayKind.Public] = ParseUri(name, value); break;
                case "--seller": options.Gateways[GatewayKind.Seller] = ParseUri(name, value); break;
                case "--logistics": options.Gateways[GatewayKind.Logistics] = ParseUri(name, value); break;
                case "--bare": options.Bare = ParseUri(name, value); break;
                case "--gateway-pids": options.GatewayPids = ParsePids(value); break;
                case "--bare-pids": options.BarePids = ParsePids(value); break;
                case "--scenario": options.Scenario = value; break;
                case "--mode": options.Modes = ParseMode(value); break;
                case "--warmup": options.Warmup = TimeSpan.FromSeconds(ParseNumber(name, value, min: 0)); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(ParseNumber(name, value, min: 1)); break;
                case "--concurrency": options.Concurrency = (int)ParseNumber(name, value, min: 1); break;
                case "--rounds": options.Rounds = (int)ParseNumber(name, value, min: 1); break;
                case "--rate": options.Rate = ParseNumber(name, value, min: 1); break;
                case "--rate-fraction": options.RateFraction = ParseNumber(name, value, min: 0.01); break;
                case "--max-connections": options.MaxConnections = (int)ParseNumber(name, value, min: 1); break;
                case "--timeout": options.Timeout = TimeSpan.FromSeconds(ParseNumber(name, value, min: 0.1)); break;
                case "--out": options.Out = value; break;
                case "--postgres": options.Postgres = value; break;
                case "--catalog-products": options.CatalogProducts = (int)ParseNumber(name, value, min: 1); break;
                case "--shoppers": options.Shoppers = (int)ParseNumber(name, value, min: 1); break;
                case "--accounts": options.Accounts = (int)ParseNumber(name, value, min: 1); break;
                case "--units": options.Units = (int)ParseNumber(name, value, min: 1); break;
                case "--wants": options.Wants = (int)ParseNumber(name, value, min: 1); break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        // The gateways a scenario uses are its own (bench/run.sh starts exactly those): the seller-orders ones need no public gateway.
        if (options.Command == "run" && (options.Gateways.Count == 0 || options.Bare is null))
        {
            throw new ArgumentException("run needs a gateway (--public, --seller or --logistics <url>) and --bare <url>");
        }
        if (options.Command == FlashSaleRace.Name && FlashSaleRace.Gateways.Any(g => !options.Gateways.ContainsKey(g)))
        {
            throw new ArgumentException("flash-sale needs --public <url> and --seller <url>");
        }
        if (options.Command == "seed-catalog" && options.Postgres is null)
        {
            throw new ArgumentException("seed-catalog needs --postgres <connection string>");
        }
        return options;
    }

    private static Uri ParseUri(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"{name}: '{value}' is not an absolute URL");

    private static double ParseNumber(string name, string value, double min) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min
            ? number
            : throw new ArgumentException($"{name}: '{value}' is not a number >= {min}");

    private static int[] ParsePids(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();

    private static LoadModes ParseMode(string value) => value switch
    {
        "closed" => LoadModes.Closed,
        "open" => LoadModes.Open,
        "both" => LoadModes.Closed | LoadModes.Open,
        _ => throw new ArgumentException($"--mode: '{value}' is not closed, open or both"),
    };
}
