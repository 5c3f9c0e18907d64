using System.Net;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Foundation;

/// <summary>What a browser sees of every gateway: CORS from configuration, security headers, no Server banner.</summary>
[Collection(EdgeCollection.Name)]
public sealed class BrowserPolicyHttpTests(EdgeDeployment fixture)
{
    public static TheoryData<Gateway, string> Routes => new()
    {
        { Gateway.Public, "/cart/items" },
        { Gateway.Seller, "/products" },
        { Gateway.Logistics, "/auth/login" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_preflight_from_the_configured_origin_is_admitted_and_one_from_a_foreign_origin_is_not(Gateway gateway, string route)
    {
        using var http = fixture.Deployment.CreateClient(gateway);

        using var allowed = await http.SendAsync(Preflight(route, EdgeDeployment.AllowedOrigin));
        using var foreign = await http.SendAsync(Preflight(route, "https://evil.test"));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(EdgeDeployment.AllowedOrigin, Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(allowed, "Access-Control-Allow-Methods"));
        Assert.Contains("idempotency-key", Header(allowed, "Access-Control-Allow-Headers")!, StringComparison.OrdinalIgnoreCase);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"), "a foreign origin must not be admitted");
    }

    [Theory]
    [MemberData(nameof(GatewayTests.Gateways), MemberType = typeof(GatewayTests))]
    public async Task Every_answer_carries_the_security_headers_and_no_server_banner_and_an_allowed_origin_may_read_it(Gateway gateway)
    {
        using var http = fixture.Deployment.CreateClient(gateway);
        var read = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        read.Headers.Add("Origin", EdgeDeployment.AllowedOrigin);

        using var ok = await http.SendAsync(read);
        using var notFound = await http.GetAsync("/no/such/route");
        using var invalid = await http.PostAsync("/auth/login", InputValidationHttpTests.Json("""{"email":"a\u0000"}"""));

        Assert.Equal(EdgeDeployment.AllowedOrigin, Header(ok, "Access-Control-Allow-Origin"));
        Assert.Contains("ETag", Header(ok, "Access-Control-Expose-Headers"));
        foreach (var response in new[] { ok, notFound, invalid })
        {
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.False(response.Headers.Contains("Server"), $"{(int)response.StatusCode} answer names its server: {response.Headers.Server}");
        }
    }

    private static HttpRequestMessage Preflight(string route, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, route);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,idempotency-key");
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
}
