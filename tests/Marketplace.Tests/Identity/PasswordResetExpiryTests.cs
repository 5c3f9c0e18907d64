using Marketplace.Common;
using Marketplace.Identity;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Identity;

/// <summary>A reset token expires and a newer one replaces it: grains on a clock the test moves.</summary>
public sealed class PasswordResetExpiryTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z"));
    private Orleans.TestingHost.InProcessTestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.Client;

    public async Task InitializeAsync() => _cluster = await MarketplaceTestCluster.StartAsync(
        new Dictionary<string, string?> { ["Identity:PasswordResetLifetime"] = "00:30:00" },
        replaceServices: services => services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_token_past_its_lifetime_is_refused()
    {
        var email = await Register();
        await Grains.GetGrain<IPasswordGrain>(0).RequestReset(email);
        var token = await LatestToken(email);

        _clock.Advance(TimeSpan.FromMinutes(31));

        var refused = await Assert.ThrowsAsync<ValidationException>(() => Grains.GetGrain<IPasswordGrain>(0).Reset(token, "a-brand-new-password"));
        Assert.Contains("token", refused.Errors.Keys);
    }

    [Fact]
    public async Task A_newer_token_replaces_the_earlier_one()
    {
        var email = await Register();
        await Grains.GetGrain<IPasswordGrain>(0).RequestReset(email);
        var first = await LatestToken(email);
        await Grains.GetGrain<IPasswordGrain>(0).RequestReset(email);
        var second = await LatestToken(email);

        await Assert.ThrowsAsync<ValidationException>(() => Grains.GetGrain<IPasswordGrain>(0).Reset(first, "a-brand-new-password"));
        await Grains.GetGrain<IPasswordGrain>(0).Reset(second, "a-brand-new-password");

        var signedIn = await Grains.GetGrain<IAuthGrain>(0).Login(new LoginAttempt(email, "a-brand-new-password", "198.18.0.1", [UserRole.Shopper]));
        Assert.Equal(LoginOutcome.SignedIn, signedIn.Outcome);
    }

    private async Task<string> Register()
    {
        var email = $"reset-{Guid.NewGuid():N}@test.local";
        await Grains.GetGrain<IAuthGrain>(0).Register(new Registration(email, "the-first-password", "Resetter", UserRole.Shopper));
        return email;
    }

    private async Task<string> LatestToken(string email) =>
        (await Grains.GetGrain<INotificationOutboxGrain>(email).Recent()).First(m => m.Kind == AccountNotificationKinds.PasswordReset).Token!;
}
