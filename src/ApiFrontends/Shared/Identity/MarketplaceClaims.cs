using System.Security.Claims;
using Marketplace.Identity;

namespace Marketplace.Gateways.Identity;

/// <summary>The claims of a marketplace access token, under their JWT names (inbound claim mapping is off).</summary>
public static class MarketplaceClaims
{
    /// <summary>The user id (a Guid).</summary>
    public const string UserId = "sub";

    /// <summary>shopper | seller | courier | operator.</summary>
    public const string Role = "role";

    /// <summary>The session id (a Guid): the session grain that logout and revocation end.</summary>
    public const string SessionId = "sid";

    public static Guid GetUserId(this ClaimsPrincipal user) => RequiredGuid(user, UserId);

    public static Guid GetSessionId(this ClaimsPrincipal user) => RequiredGuid(user, SessionId);

    /// <summary>The user id on a route open to anonymous callers too; null when nobody signed in.</summary>
    public static Guid? SignedInUserId(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.GetUserId() : null;

    public static UserRole GetRole(this ClaimsPrincipal user) =>
        UserRoles.TryParseClaim(user.FindFirstValue(Role), out var role)
            ? role
            : throw new InvalidOperationException("The principal has no marketplace role; is the endpoint missing RequireAuthorization()?");

    private static Guid RequiredGuid(ClaimsPrincipal user, string claim) =>
        Guid.TryParse(user.FindFirstValue(claim), out var value)
            ? value
            : throw new InvalidOperationException($"The principal has no '{claim}' claim; is the endpoint missing RequireAuthorization()?");
}

/// <summary>Authorization policy names. The default policy (plain <c>RequireAuthorization()</c>) admits the gateway's members.</summary>
public static class MarketplacePolicies
{
    /// <summary>Operators only (seller and logistics gateways).</summary>
    public const string Operator = "operator";

    /// <summary>Anyone this gateway admits, operators included: for sign-out and other account chores.</summary>
    public const string SignedIn = "signed-in";
}
