using System.Net;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Foundation;

/// <summary>A gateway whose only silo is killed answers 503 with Retry-After, never a 500, and serves again once a silo is back.</summary>
public sealed class ClusterUnavailabilityTests
{
    [Fact]
    public async Task Killing_the_silo_turns_grain_calls_into_503_with_retry_after_until_a_silo_is_back()
    {
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public],
            environment: new Dictionary<string, string>
            {
                ["Cluster__ResponseTimeout"] = "00:00:03",
                ["Cluster__RetryAfter"] = "00:00:04",
            });
        using var http = deployment.CreateClient(Gateway.Public);
        var product = $"/products/{Guid.NewGuid()}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(product)).StatusCode);

        await deployment.Silos[0].KillAsync();
        var statuses = new List<HttpStatusCode>();
        var unavailable = await Eventually.Until(async () =>
        {
            var response = await http.GetAsync(product);
            statuses.Add(response.StatusCode);
            return response;
        }, r => r.StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), "the gateway to answer 503");

        for (var i = 0; i < 3; i++)
        {
            using var again = await http.GetAsync(product);
            statuses.Add(again.StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, statuses[^1]);
        Assert.Equal("4", unavailable.Headers.RetryAfter?.Delta?.TotalSeconds.ToString());
        Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await unavailable.Content.ReadAsStringAsync());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());

        await deployment.StartSiloAsync();
        await Eventually.Until(async () => (await http.GetAsync(product)).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(90), "the gateway to reach the restarted cluster");
    }
}
