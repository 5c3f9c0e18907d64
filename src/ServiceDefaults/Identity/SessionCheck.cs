using Marketplace.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.ServiceDefaults.Identity;

internal static class SessionCheck
{
    /// <summary>
    /// A valid signature is not enough: the role must be one this gateway admits and the session must still be live,
    /// so logout and an operator's revoke take effect on the very next request.
    /// </summary>
    public static async Task RejectUnlessActive(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var roles = context.HttpContext.RequestServices.GetRequiredService<GatewayRoles>();
        if (!UserRoles.TryParseClaim(principal.FindFirst(MarketplaceClaims.Role)?.Value, out var role) || !roles.Admitted.Contains(role))
        {
            context.Fail("This gateway does not admit the token's role.");
            return;
        }
        if (!Guid.TryParse(principal.FindFirst(MarketplaceClaims.SessionId)?.Value, out var sessionId))
        {
            context.Fail("The token names no session.");
            return;
        }

        var cluster = context.HttpContext.RequestServices.GetRequiredService<IClusterClient>();
        if (!await cluster.GetGrain<ISessionGrain>(sessionId).IsActive().WaitAsync(context.HttpContext.RequestAborted))
        {
            context.Fail("The session has ended.");
        }
    }
}
