using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Foundation;

/// <summary>
/// The three gateways behind a real nginx rendered from deploy/nginx: two public gateway instances, one seller and one
/// logistics; the logistics edge with a low request rate so its limit shows.
/// </summary>
public sealed class NginxEdgeDeployment : IAsyncLifetime
{
    public MarketplaceDeployment Deployment { get; private set; } = null!;
    public ServiceProcess SecondPublicGateway { get; private set; } = null!;
    public NginxEdge Edge { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller, Gateway.Logistics],
            environment: new Dictionary<string, string> { ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1" });
        SecondPublicGateway = await Deployment.StartExtraGatewayAsync(Gateway.Public);
        Edge = await NginxEdge.StartAsync(new Dictionary<Gateway, IEnumerable<Uri>>
            {
                [Gateway.Public] = [Deployment[Gateway.Public].BaseAddress, SecondPublicGateway.BaseAddress],
                [Gateway.Seller] = [Deployment[Gateway.Seller].BaseAddress],
                [Gateway.Logistics] = [Deployment[Gateway.Logistics].BaseAddress],
            },
            new Dictionary<string, string> { ["EDGE_LOGISTICS_RATE"] = "2r/s", ["EDGE_LOGISTICS_BURST"] = "2" });
    }

    public async Task DisposeAsync()
    {
        if (Edge is not null)
        {
            await Edge.DisposeAsync();
        }
        if (SecondPublicGateway is not null)
        {
            await SecondPublicGateway.DisposeAsync();
        }
        await Deployment.DisposeAsync();
    }
}

public sealed class EdgeTests(NginxEdgeDeployment fixture) : IClassFixture<NginxEdgeDeployment>
{
    [Theory]
    [InlineData(Gateway.Public)]
    [InlineData(Gateway.Seller)]
    public async Task A_user_signs_up_and_in_over_https_and_http2_through_the_edge(Gateway gateway)
    {
        using var edge = fixture.Edge.CreateClient(gateway);

        var accessToken = await SignUp(edge);
        using var session = new HttpRequestMessage(HttpMethod.Get, "/auth/session")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) },
        };
        using var response = await edge.SendAsync(session);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal("nginx", response.Headers.Server.ToString());
    }

    [Fact]
    public async Task The_logistics_gateway_answers_an_unsigned_carrier_callback_through_the_edge_with_its_own_problem_details()
    {
        using var edge = fixture.Edge.CreateClient(Gateway.Logistics);

        using var response = await Eventually.Until(() => edge.PostAsJsonAsync("/carrier/webhook", new { trackingNumber = "X" }),
            r => r.StatusCode != HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(10), "the logistics edge to admit a request");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await Problem(response);
        Assert.Contains("X-Carrier-Signature", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_over_a_gateways_limit_is_refused_at_the_edge_with_problem_details_while_the_seller_edge_takes_it()
    {
        var twoMegabytes = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        twoMegabytes.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var publicEdge = fixture.Edge.CreateClient(Gateway.Public);
        using var sellerEdge = fixture.Edge.CreateClient(Gateway.Seller);

        using var refused = await publicEdge.PostAsync("/cart/items", twoMegabytes);
        // The seller edge admits image-sized bodies: this one reaches the gateway, which wants a signed-in seller.
        using var admitted = await sellerEdge.PostAsync($"/products/{Guid.NewGuid()}/images", new ByteArrayContent(new byte[2 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(413, (await Problem(refused)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, admitted.StatusCode);
    }

    [Fact]
    public async Task An_image_upload_over_the_seller_edges_limit_is_refused_with_problem_details()
    {
        using var sellerEdge = fixture.Edge.CreateClient(Gateway.Seller);
        var upload = new MultipartFormDataContent { { new ByteArrayContent(new byte[33 * 1024 * 1024]), "file", "huge.jpg" } };

        using var refused = await sellerEdge.PostAsync($"/products/{Guid.NewGuid()}/images", upload);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("Content Too Large", (await Problem(refused)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Requests_keep_succeeding_when_one_public_gateway_instance_stops()
    {
        using var edge = fixture.Edge.CreateClient(Gateway.Public);
        Assert.Equal(HttpStatusCode.OK, (await edge.GetAsync("/categories")).StatusCode);

        await fixture.SecondPublicGateway.StopAsync();

        // Round robin sends every other request to the stopped instance; the edge passes each on to the live one.
        for (var i = 0; i < 20; i++)
        {
            using var response = await edge.GetAsync("/categories");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Metrics_and_health_details_are_not_served_at_the_edge()
    {
        using var edge = fixture.Edge.CreateClient(Gateway.Public);

        using var metrics = await edge.GetAsync("/metrics");
        using var ready = await edge.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ready.StatusCode);
        Assert.Equal("application/problem+json", metrics.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_burst_over_the_rate_limit_gets_429_with_problem_details_and_retry_after()
    {
        using var edge = fixture.Edge.CreateClient(Gateway.Logistics);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => edge.GetAsync("/openapi/v1.json")));

        var throttled = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await Problem(throttled)).GetProperty("status").GetInt32());
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private static async Task<string> SignUp(HttpClient edge)
    {
        var email = $"edge-{Guid.NewGuid():N}@test.local";
        using var registered = await edge.PostAsJsonAsync("/auth/register", new { email, password = AuthenticatedClients.DefaultPassword, displayName = "Edge user" });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        using var login = await edge.PostAsJsonAsync("/auth/login", new { email, password = AuthenticatedClients.DefaultPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var tokens = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return tokens.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
