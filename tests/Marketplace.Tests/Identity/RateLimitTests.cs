using System.Net;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>
/// The framework's rate limiter on sign-in, registration, cart, checkout, reviews and search: over the limit a caller
/// gets 429 with Retry-After and a problem detail, per address or per signed-in user. A public gateway of its own runs
/// with small limits (and hour-long windows, so no window ends mid-test); the other suites run without limits.
/// </summary>
[Collection(IdentityDeploymentCollection.Name)]
public sealed class RateLimitTests(IdentityDeployment fixture) : IAsyncLifetime
{
    private const int Limit = 2;
    private ServiceProcess _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string> { ["RateLimiting__Enabled"] = "true" };
        foreach (var policy in new[] { "SignIn", "Registration", "Checkout", "Cart", "Reviews", "Search" })
        {
            environment[$"RateLimiting__{policy}__PermitLimit"] = Limit.ToString();
            environment[$"RateLimiting__{policy}__Window"] = "01:00:00";
        }
        _gateway = await fixture.Deployment.StartExtraGatewayAsync(Gateway.Public, environment);
        _client = _gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Registration_is_limited_per_address()
    {
        var address = ClientAddresses.Fresh();
        Task<HttpResponseMessage> Register(string from) => _client.PostFrom(from, "/auth/register",
            new { email = $"rl-{Guid.NewGuid():N}@test.local", password = AuthenticatedClients.DefaultPassword, displayName = "Rate" });

        await ExpectLimited(() => Register(address), HttpStatusCode.Created);

        using var elsewhere = await Register(ClientAddresses.Fresh());
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Sign_in_is_limited_per_address_before_any_password_is_checked()
    {
        var address = ClientAddresses.Fresh();

        await ExpectLimited(() => _client.PostFrom(address, "/auth/login", new { email = "nobody@test.local", password = "whatever-it-is" }),
            HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Search_is_limited_per_address()
    {
        var address = ClientAddresses.Fresh();

        await ExpectLimited(() => _client.GetFrom(address, "/search/products?q=kettle"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cart_checkout_and_reviews_are_limited_per_shopper()
    {
        var address = ClientAddresses.Fresh();
        using var shopper = await fixture.Public.SignUpAsync();
        using var neighbour = await fixture.Public.SignUpAsync();

        await ExpectLimited(() => _client.GetFrom(address, "/cart", shopper.AccessToken), HttpStatusCode.OK);
        await ExpectLimited(() => _client.GetFrom(address, "/me/reviews", shopper.AccessToken), HttpStatusCode.OK);
        await ExpectLimited(() => _client.PostFrom(address, "/checkout", new { }, shopper.AccessToken), HttpStatusCode.BadRequest);

        // Another shopper behind the same address has limits of their own.
        using var neighboursCart = await _client.GetFrom(address, "/cart", neighbour.AccessToken);
        Assert.Equal(HttpStatusCode.OK, neighboursCart.StatusCode);
    }

    /// <summary><see cref="Limit"/> requests get <paramref name="allowed"/>; the next one is turned away as the API documents it.</summary>
    private static async Task ExpectLimited(Func<Task<HttpResponseMessage>> send, HttpStatusCode allowed)
    {
        for (var i = 0; i < Limit; i++)
        {
            using var served = await send();
            Assert.Equal(allowed, served.StatusCode);
        }

        using var refused = await send();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<Problem>();
        Assert.Equal(429, problem!.Status);
    }

    private sealed record Problem(int Status, string Title, string? Detail);
}
