using Marketplace.Identity;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>
/// The account-wide limit, which HTTP tests cannot reach without hundreds of requests: grains on memory storage with
/// small limits, sign-ins from addresses the test picks.
/// </summary>
public sealed class LoginThrottleRulesTests : IAsyncLifetime
{
    private const string Password = "the-right-password";
    private Orleans.TestingHost.InProcessTestCluster _cluster = null!;

    private IAuthGrain Auth => _cluster.Client.GetGrain<IAuthGrain>(0);

    public async Task InitializeAsync() => _cluster = await MarketplaceTestCluster.StartAsync(new Dictionary<string, string?>
    {
        ["Identity:Throttling:MaxFailuresPerAccountAndAddress"] = "5",
        ["Identity:Throttling:MaxFailuresPerAccount"] = "3",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Guessing_spread_over_many_addresses_holds_the_account_back_except_where_the_owner_signed_in()
    {
        var email = $"spread-{Guid.NewGuid():N}@test.local";
        await Auth.Register(new Registration(email, Password, "Owner", UserRole.Shopper));
        Assert.Equal(LoginOutcome.SignedIn, (await SignIn(email, Password, "198.18.1.1")).Outcome);

        foreach (var guesser in new[] { "198.18.2.1", "198.18.2.2", "198.18.2.3" })
        {
            Assert.Equal(LoginOutcome.InvalidCredentials, (await SignIn(email, "a-wrong-guess", guesser)).Outcome);
        }

        // A fourth address is held back even with the right password; the owner's own address is not.
        var newcomer = await SignIn(email, Password, "198.18.2.4");
        Assert.Equal(LoginOutcome.Throttled, newcomer.Outcome);
        Assert.NotNull(newcomer.RetryAfter);
        Assert.Equal(LoginOutcome.SignedIn, (await SignIn(email, Password, "198.18.1.1")).Outcome);
    }

    [Fact]
    public async Task An_unknown_email_is_answered_like_a_wrong_password_and_counted_the_same()
    {
        var unknown = $"nobody-{Guid.NewGuid():N}@test.local";

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(LoginOutcome.InvalidCredentials, (await SignIn(unknown, Password, "198.18.3.1")).Outcome);
        }

        Assert.Equal(LoginOutcome.Throttled, (await SignIn(unknown, Password, "198.18.3.1")).Outcome);
    }

    private Task<LoginResult> SignIn(string email, string password, string address) =>
        Auth.Login(new LoginAttempt(email, password, address, [UserRole.Shopper]));
}
