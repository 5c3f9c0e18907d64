using Marketplace.Gateways.RateLimiting;
using Marketplace.Identity;
using Marketplace.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Marketplace.Gateways.Identity;

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

public sealed record PasswordResetRequest(string Email);

public sealed record ConfirmPasswordResetRequest(string Token, string NewPassword);

internal static class PasswordEndpoints
{
    /// <summary>/auth/password (change, signed in), /auth/password-reset (request a token) and /auth/password-reset/confirm.</summary>
    public static RouteGroupBuilder MapPasswordEndpoints(this RouteGroupBuilder auth)
    {
        auth.MapPost("/password", Change).RequireAuthorization(MarketplacePolicies.SignedIn)
            .WithSummary("Changes the caller's password (400 when the current one is wrong) and ends every other session of the account.");
        auth.MapPost("/password-reset", RequestReset).RequireRateLimiting(MarketplaceRateLimits.SignIn)
            .WithSummary("Sends a single-use, expiring reset token to the account's e-mail. Always 202, so it reveals no account.");
        auth.MapPost("/password-reset/confirm", ConfirmReset).RequireRateLimiting(MarketplaceRateLimits.SignIn)
            .WithSummary("Sets a new password with a reset token (400 when unknown, used or expired) and ends every session of the account.");
        return auth;
    }

    private static async Task<NoContent> Change(ChangePasswordRequest request, HttpContext http, IClusterClient cluster)
    {
        await cluster.GetGrain<IPasswordGrain>(0).Change(http.User.GetUserId(), http.User.GetSessionId(), request.CurrentPassword, request.NewPassword);
        return TypedResults.NoContent();
    }

    private static async Task<Accepted> RequestReset(PasswordResetRequest request, IClusterClient cluster)
    {
        await cluster.GetGrain<IPasswordGrain>(0).RequestReset(request.Email);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<NoContent> ConfirmReset(ConfirmPasswordResetRequest request, IClusterClient cluster)
    {
        await cluster.GetGrain<IPasswordGrain>(0).Reset(request.Token, request.NewPassword);
        return TypedResults.NoContent();
    }
}
