using System.Diagnostics;
using System.Net;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Foundation;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_fails_within_seconds_when_a_store_goes_away()
    {
        // A Redis of the silo's own, so the test can take it away without touching the shared one.
        var port = FreePorts.Next();
        using var redis = Process.Start(new ProcessStartInfo("redis-server", ["--bind", "127.0.0.1", "--port", port.ToString(), "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        })!;
        await Eventually.Until(async () =>
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }, TimeSpan.FromSeconds(10), "the private Redis to listen");
        await using var deployment = await MarketplaceDeployment.StartAsync(
            environment: new Dictionary<string, string> { ["Storage__Redis"] = $"127.0.0.1:{port}" });
        using var http = deployment.Silos[0].CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        redis.Kill();
        await redis.WaitForExitAsync();

        // Ready must answer, not hang: the request gives up (and the test fails) after 10 seconds.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await http.GetAsync("/health/ready", deadline.Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = report.RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("redis-0").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("postgres-0").GetProperty("status").GetString());
    }
}
