using System.Net;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>Password guessing is stopped per account and source address, and only a configured proxy may name the source.</summary>
[Collection(IdentityDeploymentCollection.Name)]
public sealed class LoginThrottlingTests(IdentityDeployment fixture)
{
    [Fact]
    public async Task A_strangers_wrong_passwords_stop_the_stranger_but_never_lock_the_owner_out()
    {
        using var owner = await fixture.Public.SignUpAsync();
        var stranger = ClientAddresses.Fresh();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await fixture.Public.PostFrom(stranger, "/auth/login", new { email = owner.Email, password = $"guess-{attempt}-xyz" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // The guesser waits, even with the right password, so guessing cannot go on from there...
        using var held = await fixture.Public.PostFrom(stranger, "/auth/login", new { email = owner.Email, password = owner.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.InRange(held.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));

        // ...while the owner, from anywhere else, signs in at once.
        using var fromHome = await fixture.Public.PostFrom(ClientAddresses.Fresh(), "/auth/login", new { email = owner.Email, password = owner.Password });
        Assert.Equal(HttpStatusCode.OK, fromHome.StatusCode);
        using var fromLoopback = await fixture.Public.SignInAsync(owner.Email, owner.Password);
    }

    [Fact]
    public async Task Forwarded_addresses_from_a_peer_that_is_not_a_configured_proxy_are_ignored()
    {
        await using var direct = await fixture.Deployment.StartExtraGatewayAsync(Gateway.Public,
            new Dictionary<string, string> { ["ForwardedHeaders__KnownProxies__0"] = "192.0.2.1" });
        using var client = direct.CreateClient();
        using var owner = await client.SignUpAsync();

        // Each guess claims a new address; the gateway counts them all against the real peer, so the pair locks.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await client.PostFrom(ClientAddresses.Fresh(), "/auth/login", new { email = owner.Email, password = $"guess-{attempt}-xyz" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var held = await client.PostFrom(ClientAddresses.Fresh(), "/auth/login", new { email = owner.Email, password = owner.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
    }
}
