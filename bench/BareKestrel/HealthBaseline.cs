using System.Diagnostics;

namespace Marketplace.Bench.BareKestrel;

/// <summary>
/// Twin of the gateway's <c>GET /health/ready</c>: the same report JSON (status, duration, one check with the
/// answering silo), built and serialised per request, but without the grain call behind it.
/// </summary>
public sealed class HealthBaseline : IBaseline
{
    private const string Silo = "S127.0.0.1:11111:122222222";

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/health/ready", () =>
    {
        var started = Stopwatch.GetTimestamp();
        var check = new CheckEntry("Healthy", $"served by {Silo}", null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return Results.Json(new HealthReport("Healthy", Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            new Dictionary<string, CheckEntry> { ["orleans-cluster"] = check }));
    });

    private sealed record HealthReport(string Status, double DurationMs, Dictionary<string, CheckEntry> Checks);

    private sealed record CheckEntry(string Status, string Description, string? Error, double DurationMs);
}
