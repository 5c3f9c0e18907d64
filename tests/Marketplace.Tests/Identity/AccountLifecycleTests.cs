using System.Net;
using System.Net.Http.Json;
using Marketplace.Identity;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>Password change and reset, operators disabling, approving and inviting accounts, and the audit trail, over real HTTP.</summary>
[Collection(IdentityDeploymentCollection.Name)]
public sealed class AccountLifecycleTests(IdentityDeployment fixture)
{
    private const string NewPassword = "a-brand-new-password";

    private sealed record Account(Guid UserId, string Email, string Role, string Status);

    private sealed record AuditEntry(DateTimeOffset At, Guid OperatorId, string Gateway, string Action, Guid? TargetId, int Status, string? Detail);

    private sealed record Page<T>(List<T> Items, int Total);

    [Fact]
    public async Task A_password_change_keeps_this_session_and_ends_every_other()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        using var otherDevice = await fixture.Public.SignInAsync(shopper.Email, shopper.Password);

        using var wrongCurrent = await shopper.Client.PostAsJsonAsync("/auth/password", new { currentPassword = "not-my-password", newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.Contains("currentPassword", await wrongCurrent.Content.ReadAsStringAsync());
        using var changed = await shopper.Client.PostAsJsonAsync("/auth/password", new { currentPassword = shopper.Password, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await shopper.Client.GetAsync("/auth/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherDevice.Client.GetAsync("/auth/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(fixture.Public, shopper.Email, shopper.Password)).StatusCode);
        using var withNew = await fixture.Public.SignInAsync(shopper.Email, NewPassword);
    }

    [Fact]
    public async Task A_reset_token_from_the_notification_store_sets_the_password_once_and_ends_every_session()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@test.local";

        // Known or not, the answer is the same; only the account holder's mailbox receives a token.
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.Public.PostAsJsonAsync("/auth/password-reset", new { email = unknown })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.Public.PostAsJsonAsync("/auth/password-reset", new { email = shopper.Email })).StatusCode);
        Assert.Empty(await Mailbox(unknown).Recent());
        var token = await LatestToken(shopper.Email, AccountNotificationKinds.PasswordReset);

        using var reset = await fixture.Public.PostAsJsonAsync("/auth/password-reset/confirm", new { token, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await shopper.Client.GetAsync("/auth/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(fixture.Public, shopper.Email, shopper.Password)).StatusCode);
        using var withNew = await fixture.Public.SignInAsync(shopper.Email, NewPassword);
        using var again = await fixture.Public.PostAsJsonAsync("/auth/password-reset/confirm", new { token, newPassword = "yet-another-password" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("token", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_disabled_account_loses_its_sessions_at_once_and_cannot_sign_in_again_until_enabled()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        using var op = await fixture.Seller.SignInAsOperatorAsync();

        using var disabled = await op.Client.PutAsJsonAsync($"/operator/users/{shopper.UserId}/status", new { status = "Disabled", reason = "fraud" });
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal("Disabled", (await disabled.Content.ReadFromJsonAsync<Account>())!.Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await shopper.Client.GetAsync("/auth/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Public.PostAsJsonAsync("/auth/refresh", new { refreshToken = shopper.RefreshToken })).StatusCode);
        // Unlike a revoke, signing in again does not undo it.
        Assert.Equal(HttpStatusCode.Forbidden, (await Login(fixture.Public, shopper.Email, shopper.Password)).StatusCode);

        using var enabled = await op.Client.PutAsJsonAsync($"/operator/users/{shopper.UserId}/status", new { status = "Active" });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        using var back = await fixture.Public.SignInAsync(shopper.Email, shopper.Password);
        Assert.Equal(HttpStatusCode.OK, (await back.Client.GetAsync("/auth/session")).StatusCode);
    }

    [Fact]
    public async Task A_courier_cannot_sign_in_before_an_operator_approves_the_account()
    {
        var email = $"courier-{Guid.NewGuid():N}@test.local";
        using var registered = await fixture.Logistics.PostAsJsonAsync("/auth/register",
            new { email, password = AuthenticatedClients.DefaultPassword, displayName = "New courier" });
        var courier = (await registered.Content.ReadFromJsonAsync<Account>())!;
        Assert.Equal("PendingApproval", courier.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Login(fixture.Logistics, email, AuthenticatedClients.DefaultPassword)).StatusCode);

        using var op = await fixture.Logistics.SignInAsOperatorAsync();
        var pending = await op.Client.GetFromJsonAsync<Page<Account>>("/operator/users/pending?pageSize=100");
        Assert.Contains(pending!.Items, a => a.UserId == courier.UserId);
        Assert.Equal(HttpStatusCode.OK, (await op.Client.PutAsJsonAsync($"/operator/users/{courier.UserId}/status", new { status = "Active" })).StatusCode);

        using var approved = await fixture.Logistics.SignInAsync(email, AuthenticatedClients.DefaultPassword);
        Assert.Equal("courier", approved.Role);
        var after = await op.Client.GetFromJsonAsync<Page<Account>>("/operator/users/pending?pageSize=100");
        Assert.DoesNotContain(after!.Items, a => a.UserId == courier.UserId);
    }

    [Fact]
    public async Task A_suspended_seller_is_signed_out_everywhere()
    {
        using var seller = await fixture.Seller.SignUpAsync();
        using var secondDevice = await fixture.Seller.SignInAsync(seller.Email, seller.Password);
        await fixture.Grains.ActiveSeller("Soon suspended", seller.UserId);
        using var op = await fixture.Seller.SignInAsOperatorAsync();

        using var suspended = await op.Client.PutAsJsonAsync($"/operator/sellers/{seller.UserId}/status", new { status = "Suspended", reason = "fraud" });

        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await seller.Client.GetAsync("/auth/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await secondDevice.Client.GetAsync("/auth/session")).StatusCode);
    }

    [Fact]
    public async Task Operators_invite_operators_and_every_account_action_is_in_the_audit_trail()
    {
        using var bootstrap = await fixture.Seller.SignInAsOperatorAsync();
        var email = $"operator-{Guid.NewGuid():N}@test.local";

        using var invited = await bootstrap.Client.PostAsJsonAsync("/operator/operators", new { email, displayName = "Second operator" });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var second = (await invited.Content.ReadFromJsonAsync<Account>())!;
        Assert.Equal("operator", second.Role);
        var invitation = await LatestToken(email, AccountNotificationKinds.OperatorInvitation);
        Assert.Equal(HttpStatusCode.NoContent,
            (await fixture.Seller.PostAsJsonAsync("/auth/password-reset/confirm", new { token = invitation, newPassword = NewPassword })).StatusCode);

        using var secondOperator = await fixture.Logistics.SignInAsync(email, NewPassword);
        using var shopper = await fixture.Public.SignUpAsync();
        Assert.Equal(HttpStatusCode.OK,
            (await secondOperator.Client.PutAsJsonAsync($"/operator/users/{shopper.UserId}/status", new { status = "Disabled", reason = "chargebacks" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secondOperator.Client.DeleteAsync($"/operator/users/{shopper.UserId}/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict,
            (await secondOperator.Client.PutAsJsonAsync($"/operator/users/{second.UserId}/status", new { status = "Disabled" })).StatusCode);

        var audit = (await bootstrap.Client.GetFromJsonAsync<Page<AuditEntry>>("/operator/audit?pageSize=100"))!.Items;
        Assert.Contains(audit, e => e.Action == "POST /operator/operators" && e.OperatorId == bootstrap.UserId && e.Gateway == "seller"
                                    && e.Status == 201 && e.Detail!.Contains(email));
        Assert.Contains(audit, e => e.Action == "PUT /operator/users/{userId}/status" && e.OperatorId == second.UserId && e.Gateway == "logistics"
                                    && e.TargetId == shopper.UserId && e.Status == 200 && e.Detail!.Contains("chargebacks"));
        Assert.Contains(audit, e => e.Action == "DELETE /operator/users/{userId}/sessions" && e.OperatorId == second.UserId && e.TargetId == shopper.UserId);
        // Refused attempts are recorded too.
        Assert.Contains(audit, e => e.Action == "PUT /operator/users/{userId}/status" && e.TargetId == second.UserId && e.Status == 409);
        // Newest first.
        Assert.True(audit.FindIndex(e => e.TargetId == shopper.UserId && e.Action.StartsWith("PUT", StringComparison.Ordinal))
                    < audit.FindIndex(e => e.Action == "POST /operator/operators" && e.Detail!.Contains(email)));
    }

    [Fact]
    public async Task Only_operators_change_account_status_or_read_the_audit_trail()
    {
        using var seller = await fixture.Seller.SignUpAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await seller.Client.PutAsJsonAsync($"/operator/users/{seller.UserId}/status", new { status = "Active" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.Client.GetAsync("/operator/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.Client.PostAsJsonAsync("/operator/operators", new { email = "x@test.local", displayName = "X" })).StatusCode);
    }

    private INotificationOutboxGrain Mailbox(string email) => fixture.Grains.GetGrain<INotificationOutboxGrain>(EmailAddress.Normalise(email));

    private async Task<string> LatestToken(string email, string kind)
    {
        var message = (await Mailbox(email).Recent()).First(m => m.Kind == kind);
        return message.Token!;
    }

    private static Task<HttpResponseMessage> Login(HttpClient gateway, string email, string password) =>
        gateway.PostAsJsonAsync("/auth/login", new { email, password });
}
