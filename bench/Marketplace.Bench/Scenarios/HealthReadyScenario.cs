namespace Marketplace.Bench.Scenarios;

/// <summary>
/// The foundation comparison: the public gateway's readiness endpoint, which round-trips one call to a stateless
/// grain (IClusterProbeGrain.Ping) through the Orleans client, against a bare Kestrel endpoint with the same JSON.
/// </summary>
public sealed class HealthReadyScenario : IScenario
{
    public string Name => "health-ready";

    public string Description => "GET /health/ready: one stateless grain call (IClusterProbeGrain.Ping) behind the health-check middleware";

    public HttpRequestMessage CreateRequest(Target target, long sequence) => new(HttpMethod.Get, "/health/ready");
}
