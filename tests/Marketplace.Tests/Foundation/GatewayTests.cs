using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Foundation;

public sealed class GatewayDeployment : IAsyncLifetime
{
    public MarketplaceDeployment Deployment { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller, Gateway.Logistics]);

    public async Task DisposeAsync() => await Deployment.DisposeAsync();
}

/// <summary>The three gateways as real processes over real HTTP, each an Orleans client of a durable cluster.</summary>
public sealed class GatewayTests(GatewayDeployment fixture) : IClassFixture<GatewayDeployment>
{
    public static TheoryData<Gateway> Gateways => [Gateway.Public, Gateway.Seller, Gateway.Logistics];

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task Ready_reports_the_cluster_reachable(Gateway gateway)
    {
        using var http = fixture.Deployment.CreateClient(gateway);

        using var response = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("orleans-cluster").GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task An_unknown_route_is_a_404_problem(Gateway gateway)
    {
        using var http = fixture.Deployment.CreateClient(gateway);

        using var response = await http.GetAsync("/no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task A_malformed_body_is_a_400_problem_that_names_the_fault_without_a_stack_trace(Gateway gateway)
    {
        using var http = fixture.Deployment.CreateClient(gateway);

        using var response = await http.PostAsync("/auth/register",
            new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(body);
        Assert.Contains("not valid JSON", problem.RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain("   at ", body);
    }

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task OpenApi_document_and_metrics_are_served(Gateway gateway)
    {
        using var http = fixture.Deployment.CreateClient(gateway);

        using var openApi = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var metrics = await http.GetStringAsync("/metrics");

        Assert.StartsWith("3.", openApi.RootElement.GetProperty("openapi").GetString());
        Assert.Contains("http_server_request_duration_seconds", metrics);
    }

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task Every_operation_of_the_OpenApi_document_has_a_request_in_the_gateways_http_file(Gateway gateway)
    {
        using var http = fixture.Deployment.CreateClient(gateway);
        using var openApi = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var requests = GatewayHttpFile.Requests(gateway);

        var operations = openApi.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Method: operation.Name.ToUpperInvariant(), Path: path.Name)))
            .ToList();
        var missing = operations.Where(o => !requests.Any(r => r.Method == o.Method && GatewayHttpFile.Matches(o.Path, r.Path)))
            .Select(o => $"{o.Method} {o.Path}").ToList();

        Assert.True(operations.Count > 10, "the OpenAPI document lists the gateway's operations");
        Assert.True(missing.Count == 0, $"{GatewayHttpFile.PathOf(gateway)} has no request for: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task The_silo_serves_the_dashboard_to_its_operator_metrics_and_a_ready_report_of_every_store()
    {
        var silo = fixture.Deployment.Silos[0];
        using var http = silo.CreateClient();
        using var signedIn = fixture.Deployment.CreateDashboardClient(silo);
        using var wrongPassword = silo.CreateClient();
        wrongPassword.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("operator:guess-guess-guess"u8));

        using var anonymous = await http.GetAsync("/dashboard/");
        using var guessed = await wrongPassword.GetAsync("/dashboard/DashboardCounters");
        using var dashboard = await signedIn.GetAsync("/dashboard/");
        var metrics = await http.GetStringAsync("/metrics");
        using var ready = JsonDocument.Parse(await http.GetStringAsync("/health/ready"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("orleans_", metrics);
        var checks = ready.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("postgres-0").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("redis-0").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("grain-storage").GetProperty("status").GetString());
    }
}

/// <summary>The requests of a gateway's .http file (src/ApiFrontends/&lt;Gateway&gt;/&lt;Gateway&gt;.http), the one its users start from.</summary>
internal static class GatewayHttpFile
{
    private static readonly System.Text.RegularExpressions.Regex RequestLine =
        new(@"^(GET|POST|PUT|PATCH|DELETE) \{\{gateway\}\}(/[^?\s]*)", System.Text.RegularExpressions.RegexOptions.Multiline);

    public static string PathOf(Gateway gateway) => Path.Combine(RepoPaths.Root, "src", "ApiFrontends", $"{gateway}", $"{gateway}.http");

    public static List<(string Method, string Path)> Requests(Gateway gateway) =>
        RequestLine.Matches(File.ReadAllText(PathOf(gateway))).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();

    /// <summary>Whether a request's path is one of the template's: the same segments, a {parameter} taking any value.</summary>
    public static bool Matches(string template, string path)
    {
        var (expected, actual) = (template.Trim('/').Split('/'), path.Trim('/').Split('/'));
        return expected.Length == actual.Length
               && expected.Zip(actual).All(p => p.First == p.Second || p.First.StartsWith('{') || p.Second.StartsWith("{{", StringComparison.Ordinal));
    }
}
