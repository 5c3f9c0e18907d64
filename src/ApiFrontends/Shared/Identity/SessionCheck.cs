using Marketplace.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Gateways.Identity;

internal static class SessionCheck
{
    /// <summary>
    /// A valid signature is not enough: the role must be one this gateway admits, and the session the token names must
    /// still be live and belong to the token's own user and role, so logout and an operator's revoke take effect on the
    /// very next request and nobody's session carries somebody else's identity.
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
        if (!Guid.TryParse(principal.FindFirst(MarketplaceClaims.SessionId)?.Value, out var sessionId)
            || !Guid.TryParse(principal.FindFirst(MarketplaceClaims.UserId)?.Value, out var userId))
        {
            context.Fail("The token names no session or no user.");
            return;
        }

        var cluster = context.HttpContext.RequestServices.GetRequiredService<IClusterClient>();
        if (!await cluster.GetGrain<ISessionGrain>(sessionId).IsHeldBy(userId, role).WaitAsync(context.HttpContext.RequestAborted))
        {
            context.Fail("The session has ended or belongs to another user or role.");
        }
    }
}
