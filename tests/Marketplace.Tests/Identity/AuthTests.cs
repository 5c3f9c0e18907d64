using System.Net;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>Sign-up, sign-in, sessions and role admission through the three real gateways on PostgreSQL and Redis.</summary>
[Collection(IdentityDeploymentCollection.Name)]
public sealed class AuthTests(IdentityDeployment fixture)
{
    private sealed record Tokens(string AccessToken, string RefreshToken, Guid UserId, string Role, Guid SessionId, int ExpiresIn);

    private sealed record Session(Guid UserId, string Role, Guid SessionId);

    [Fact]
    public async Task A_registered_shopper_signs_in_and_the_token_names_user_role_and_session()
    {
        using var shopper = await fixture.Public.SignUpAsync("Ann");

        var session = await shopper.Client.GetFromJsonAsync<Session>("/auth/session");

        Assert.Equal(new Session(shopper.UserId, "shopper", shopper.SessionId), session);
    }

    [Fact]
    public async Task Each_gateway_registers_its_own_role()
    {
        using var seller = await fixture.Seller.SignUpAsync();
        using var courier = await fixture.Logistics.SignUpAsync();

        Assert.Equal("seller", seller.Role);
        Assert.Equal("courier", courier.Role);
    }

    [Fact]
    public async Task An_email_registers_once_whatever_its_case_even_when_sign_ups_race()
    {
        var email = $"race-{Guid.NewGuid():N}@test.local";

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => fixture.Public.PostAsJsonAsync("/auth/register",
            new { email = i % 2 == 0 ? email : email.ToUpperInvariant(), password = AuthenticatedClients.DefaultPassword, displayName = "Racer" })));

        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, attempts.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Invalid_registration_names_the_offending_fields()
    {
        using var response = await fixture.Public.PostAsJsonAsync("/auth/register", new { email = "not-an-email", password = "short", displayName = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"email\"", body);
        Assert.Contains("\"password\"", body);
        Assert.Contains("\"displayName\"", body);
    }

    [Fact]
    public async Task A_wrong_password_is_401()
    {
        using var shopper = await fixture.Public.SignUpAsync();

        using var response = await fixture.Public.PostAsJsonAsync("/auth/login", new { email = shopper.Email, password = "not-the-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session_at_once_even_though_the_token_has_not_expired()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await shopper.Client.GetAsync("/auth/session")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await shopper.Client.PostAsync("/auth/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await shopper.Client.GetAsync("/auth/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(shopper.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Refresh_rotates_the_refresh_token_and_a_reused_one_ends_the_session()
    {
        using var shopper = await fixture.Public.SignUpAsync();

        using var first = await Refresh(shopper.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var rotated = (await first.Content.ReadFromJsonAsync<Tokens>())!;
        Assert.NotEqual(shopper.RefreshToken, rotated.RefreshToken);
        Assert.Equal(shopper.SessionId, rotated.SessionId);
        Assert.InRange(rotated.ExpiresIn, 1, 15 * 60);
        using (var refreshed = fixture.Public.WithBearer(rotated.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, (await refreshed.GetAsync("/auth/session")).StatusCode);
        }

        // The old token coming back means it leaked: the whole session ends, the thief's and the owner's copies alike.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(shopper.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(rotated.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await shopper.Client.GetAsync("/auth/session")).StatusCode);
    }

    [Fact]
    public async Task An_operator_revokes_every_session_of_a_user_at_once()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        using var secondDevice = await fixture.Public.SignInAsync(shopper.Email, shopper.Password);
        using var operatorUser = await fixture.Seller.SignInAsOperatorAsync();

        using var revoke = await operatorUser.Client.DeleteAsync($"/operator/users/{shopper.UserId}/sessions");

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await shopper.Client.GetAsync("/auth/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await secondDevice.Client.GetAsync("/auth/session")).StatusCode);
    }

    [Fact]
    public async Task Only_operators_may_revoke_sessions()
    {
        using var seller = await fixture.Seller.SignUpAsync();

        using var response = await seller.Client.DeleteAsync($"/operator/users/{seller.UserId}/sessions");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Each_gateway_admits_only_its_roles()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        using var seller = await fixture.Seller.SignUpAsync();
        using var courier = await fixture.Logistics.SignUpAsync();
        using var operatorOnSeller = await fixture.Seller.SignInAsOperatorAsync();
        using var operatorOnLogistics = await fixture.Logistics.SignInAsOperatorAsync();

        // Tokens of roles a gateway does not admit are not accepted at all.
        using (var shopperOnSeller = fixture.Seller.WithBearer(shopper.AccessToken))
        using (var sellerOnPublic = fixture.Public.WithBearer(seller.AccessToken))
        using (var courierOnSeller = fixture.Seller.WithBearer(courier.AccessToken))
        using (var operatorOnPublic = fixture.Public.WithBearer(operatorOnSeller.AccessToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await shopperOnSeller.GetAsync("/auth/session")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await sellerOnPublic.GetAsync("/auth/session")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await courierOnSeller.GetAsync("/auth/session")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await operatorOnPublic.GetAsync("/auth/session")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await operatorOnLogistics.Client.GetAsync("/auth/session")).StatusCode);

        // Nor may those accounts sign in there.
        using var shopperLogin = await fixture.Seller.PostAsJsonAsync("/auth/login", new { email = shopper.Email, password = shopper.Password });
        using var operatorLogin = await fixture.Public.PostAsJsonAsync("/auth/login",
            new { email = AuthenticatedClients.OperatorEmail, password = AuthenticatedClients.OperatorPassword });
        Assert.Equal(HttpStatusCode.Forbidden, shopperLogin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorLogin.StatusCode);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_from_one_address_hold_that_address_back_with_retry_after()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await fixture.Public.PostAsJsonAsync("/auth/login", new { email = shopper.Email, password = $"guess-{attempt}-xyz" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Locked out even with the right password, so guessing cannot go on.
        using var locked = await fixture.Public.PostAsJsonAsync("/auth/login", new { email = shopper.Email, password = shopper.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
        // Other accounts are untouched.
        using var other = await fixture.Public.SignUpAsync();
    }

    [Fact]
    public async Task A_tampered_token_is_rejected()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        var parts = shopper.AccessToken.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";

        using var client = fixture.Public.WithBearer(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/session")).StatusCode);
    }

    [Fact]
    public async Task Accounts_and_sessions_survive_a_silo_replacement()
    {
        using var shopper = await fixture.Public.SignUpAsync();

        // Bring up a new silo, then stop the old one: every grain reactivates from PostgreSQL (users) and Redis (sessions).
        var old = fixture.Deployment.Silos[^1];
        await fixture.Deployment.StartSiloAsync();
        await old.StopAsync();

        await Eventually.Until(async () => (await shopper.Client.GetAsync("/auth/session")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the session to be served by the new silo");
        using var again = await fixture.Public.SignInAsync(shopper.Email, shopper.Password);
        Assert.Equal(shopper.UserId, again.UserId);
    }

    private Task<HttpResponseMessage> Refresh(string refreshToken) =>
        fixture.Public.PostAsJsonAsync("/auth/refresh", new { refreshToken });
}
