using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Marketplace.Tests.Infrastructure;

/// <summary>A signed-in user of one gateway; <see cref="Client"/> sends its bearer token on every request.</summary>
public sealed record SignedInUser(
    Guid UserId,
    string Email,
    string Password,
    string Role,
    Guid SessionId,
    string AccessToken,
    string RefreshToken,
    HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

/// <summary>Accounts for gateway tests: sign up a fresh user through a gateway (which picks the role) and get a bearer client.</summary>
public static class AuthenticatedClients
{
    /// <summary>
    /// The bootstrap operator every test silo creates (Identity:Operator): the email of appsettings.json, a password made
    /// for this test run and handed to the silos by MarketplaceDeployment, never the committed one.
    /// </summary>
    public const string OperatorEmail = "operator@marketplace.local";
    public static readonly string OperatorPassword = $"test-operator-{Guid.NewGuid():N}";

    public const string DefaultPassword = "correct-horse-battery";

    /// <summary>
    /// Registers a user with a unique email through <paramref name="gateway"/> (public → shopper, seller → seller,
    /// logistics → courier), signs it in and returns a client carrying its access token. A courier, who may not sign in
    /// before an operator approves the account, is approved by the bootstrap operator through the same gateway.
    /// </summary>
    public static async Task<SignedInUser> SignUpAsync(this HttpClient gateway, string? displayName = null, CancellationToken cancellationToken = default)
    {
        var email = $"user-{Guid.NewGuid():N}@test.local";
        using var registered = await gateway.PostAsJsonAsync("/auth/register",
            new { email, password = DefaultPassword, displayName = displayName ?? "Test user" }, cancellationToken);
        await EnsureSuccess(registered, "register", cancellationToken);
        var account = (await registered.Content.ReadFromJsonAsync<Account>(cancellationToken))!;
        if (account.Status == "PendingApproval")
        {
            await gateway.ApproveAsync(account.UserId, cancellationToken);
        }
        return await gateway.SignInAsync(email, DefaultPassword, cancellationToken);
    }

    /// <summary>The bootstrap operator approves (or re-enables) an account through <paramref name="gateway"/> (seller or logistics).</summary>
    public static async Task ApproveAsync(this HttpClient gateway, Guid userId, CancellationToken cancellationToken = default)
    {
        using var op = await gateway.SignInAsOperatorAsync(cancellationToken);
        using var approved = await op.Client.PutAsJsonAsync($"/operator/users/{userId}/status", new { status = "Active" }, cancellationToken);
        await EnsureSuccess(approved, "approve", cancellationToken);
    }

    /// <summary>Signs an existing account in through <paramref name="gateway"/>.</summary>
    public static async Task<SignedInUser> SignInAsync(this HttpClient gateway, string email, string password, CancellationToken cancellationToken = default)
    {
        using var response = await gateway.PostAsJsonAsync("/auth/login", new { email, password }, cancellationToken);
        await EnsureSuccess(response, "login", cancellationToken);
        var tokens = (await response.Content.ReadFromJsonAsync<Tokens>(cancellationToken))!;
        return new SignedInUser(tokens.UserId, email, password, tokens.Role, tokens.SessionId, tokens.AccessToken, tokens.RefreshToken,
            gateway.WithBearer(tokens.AccessToken));
    }

    /// <summary>The configured operator, signed in through the seller or logistics gateway.</summary>
    public static Task<SignedInUser> SignInAsOperatorAsync(this HttpClient gateway, CancellationToken cancellationToken = default) =>
        gateway.SignInAsync(OperatorEmail, OperatorPassword, cancellationToken);

    /// <summary>A new client to the same gateway that sends <paramref name="accessToken"/>.</summary>
    public static HttpClient WithBearer(this HttpClient gateway, string accessToken)
    {
        var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = gateway.Timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private static async Task EnsureSuccess(HttpResponseMessage response, string step, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{step} failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private sealed record Account(Guid UserId, string Status);

    private sealed record Tokens(string AccessToken, string RefreshToken, Guid UserId, string Role, Guid SessionId);
}
