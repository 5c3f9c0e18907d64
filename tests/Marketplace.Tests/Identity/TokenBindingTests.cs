using System.Net;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>
/// An attacker holding the signing key (a leaked or committed one) and a session of their own still cannot speak as
/// anyone else: every gateway checks that the token's user and role are those its session was started for.
/// </summary>
[Collection(IdentityDeploymentCollection.Name)]
public sealed class TokenBindingTests(IdentityDeployment fixture)
{
    private sealed record Session(Guid UserId, string Role, Guid SessionId);

    [Fact]
    public async Task A_token_naming_another_user_and_operator_on_my_own_session_is_refused_by_every_gateway()
    {
        using var attacker = await fixture.Public.SignUpAsync("Mallory");
        using var victim = await fixture.Public.SignUpAsync("Victim");
        var forged = Sign(sub: victim.UserId, role: "operator", sid: attacker.SessionId);

        using var onPublic = fixture.Public.WithBearer(forged);
        using var onSeller = fixture.Seller.WithBearer(forged);
        using var onLogistics = fixture.Logistics.WithBearer(forged);

        foreach (var (client, path) in new[]
                 {
                     (onPublic, "/auth/session"), (onPublic, "/me"),
                     (onSeller, "/auth/session"), (onSeller, $"/operator/sellers/{victim.UserId}"),
                     (onLogistics, "/auth/session"), (onLogistics, "/operator/shipments/overdue"),
                 })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{client.BaseAddress}{path} answered {(int)response.StatusCode}");
        }
        // The same key with the session's own claims is accepted: the refusals above are the binding, not the signature.
        using var honest = fixture.Public.WithBearer(Sign(sub: attacker.UserId, role: "shopper", sid: attacker.SessionId));
        Assert.Equal(new Session(attacker.UserId, "shopper", attacker.SessionId), await honest.GetFromJsonAsync<Session>("/auth/session"));
    }

    [Fact]
    public async Task A_token_with_another_users_id_or_a_raised_role_on_a_real_session_is_refused()
    {
        using var attacker = await fixture.Public.SignUpAsync();
        using var victim = await fixture.Public.SignUpAsync();
        using var seller = await fixture.Seller.SignUpAsync();

        using var otherUser = fixture.Public.WithBearer(Sign(sub: victim.UserId, role: "shopper", sid: attacker.SessionId));
        using var sellerAsOperator = fixture.Seller.WithBearer(Sign(sub: seller.UserId, role: "operator", sid: seller.SessionId));
        using var sellerOnVictimsSession = fixture.Seller.WithBearer(Sign(sub: seller.UserId, role: "seller", sid: victim.SessionId));

        Assert.Equal(HttpStatusCode.Unauthorized, (await otherUser.GetAsync("/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sellerAsOperator.GetAsync($"/operator/sellers/{seller.UserId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sellerOnVictimsSession.GetAsync("/auth/session")).StatusCode);
    }

    private string Sign(Guid sub, string role, Guid sid) => fixture.Deployment.SigningKey.Sign(new Dictionary<string, string>
    {
        ["sub"] = sub.ToString(),
        ["role"] = role,
        ["sid"] = sid.ToString(),
    });
}
