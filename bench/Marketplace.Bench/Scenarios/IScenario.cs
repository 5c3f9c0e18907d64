namespace Marketplace.Bench.Scenarios;

/// <summary>The two servers every scenario is run against, in the same run, with the same client settings.</summary>
public enum Target
{
    /// <summary>A marketplace gateway: HTTP in, grain calls through the Orleans client, HTTP out.</summary>
    Gateway,

    /// <summary>bench/BareKestrel: the same route and JSON without Orleans; the baseline.</summary>
    Bare,
}

public enum GatewayKind
{
    Public,
    Seller,
    Logistics,
}

[Flags]
public enum LoadModes
{
    /// <summary>C workers send back to back for D seconds: the most requests per second the target gives.</summary>
    Closed = 1,

    /// <summary>A fixed rate of R requests per second: the latency a caller sees at that load.</summary>
    Open = 2,
}

/// <summary>
/// One thing to measure. Implement it in a class with a parameterless constructor anywhere in this assembly;
/// the harness finds it by reflection (see bench/README.md, "Adding a scenario").
/// </summary>
public interface IScenario
{
    /// <summary>Short kebab-case name, matched by <c>--scenario</c> and printed in the reports.</summary>
    string Name { get; }

    /// <summary>What one request does, in a line.</summary>
    string Description { get; }

    /// <summary>The gateway whose endpoint is measured.</summary>
    GatewayKind Gateway => GatewayKind.Public;

    /// <summary>Other gateways <see cref="SetupAsync"/> talks to (e.g. Seller to create products); run.sh starts them.</summary>
    IReadOnlyCollection<GatewayKind> SetupGateways => [];

    /// <summary>Whether bench/BareKestrel has a twin of the endpoint; without one only the gateway is measured.</summary>
    bool HasBaseline => true;

    LoadModes Modes => LoadModes.Closed | LoadModes.Open;

    /// <summary>The open-loop rate this scenario is specified at; null derives it from the closed-loop result (or <c>--rate</c>).</summary>
    double? Rate => null;

    /// <summary>
    /// How long to keep measuring the gateway's processes and PostgreSQL after the closed loop, with no load: work its
    /// requests left for later (a reminder's tick a minute on, say) shows up there, per request served. Zero: none.
    /// </summary>
    TimeSpan Settle => TimeSpan.Zero;

    /// <summary>Runs once before any load: create data, log in, keep what the requests need in fields.</summary>
    Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// One request, called concurrently from many workers: build a new message each time (relative URI; the
    /// target's base address is applied). <paramref name="sequence"/> counts 0,1,2… per target, to rotate ids or users.
    /// </summary>
    HttpRequestMessage CreateRequest(Target target, long sequence);

    /// <summary>Whether a response counts as served; anything else is counted as an error.</summary>
    bool IsSuccess(HttpResponseMessage response) => response.IsSuccessStatusCode;
}
