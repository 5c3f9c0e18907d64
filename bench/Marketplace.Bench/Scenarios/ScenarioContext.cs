namespace Marketplace.Bench.Scenarios;

/// <summary>What a scenario's setup may use: HTTP clients of the gateways that run and of the bare server.</summary>
public sealed class ScenarioContext(IReadOnlyDictionary<GatewayKind, HttpClient> gateways, HttpClient bare, int concurrency,
    string? postgres = null, int catalogProducts = 100_000)
{
    /// <summary>A client of <paramref name="kind"/>'s gateway (base address set).</summary>
    public HttpClient Gateway(GatewayKind kind = GatewayKind.Public) =>
        gateways.TryGetValue(kind, out var client)
            ? client
            : throw new InvalidOperationException(
                $"the {kind} gateway is not running; declare it in the scenario's SetupGateways so bench/run.sh starts it " +
                $"(or pass --{kind.ToString().ToLowerInvariant()} <url>).");

    public HttpClient Bare { get; } = bare;

    /// <summary>The closed-loop worker count, e.g. to create one user or cart per worker.</summary>
    public int Concurrency { get; } = concurrency;

    /// <summary>The silo's PostgreSQL, for scenarios that seed data faster than through the gateways (--postgres).</summary>
    public string Postgres => postgres
        ?? throw new InvalidOperationException("this scenario seeds PostgreSQL directly: pass --postgres <connection string> (bench/run.sh does)");

    /// <summary>How many products the generated catalog has (--catalog-products).</summary>
    public int CatalogProducts { get; } = catalogProducts;

    public void Log(string message) => Console.Error.WriteLine($"[bench]   {message}");
}
