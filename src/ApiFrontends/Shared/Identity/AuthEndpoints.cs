using System.Globalization;
using Marketplace.Gateways.RateLimiting;
using Marketplace.Identity;
using Marketplace.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Gateways.Identity;

public sealed record RegisterRequest(string Email, string Password, string DisplayName);

public sealed record LoginRequest(string Email, string Password);

public sealed record RefreshRequest(string RefreshToken);

public sealed record AccountResponse(Guid UserId, string Email, string DisplayName, string Role, AccountStatus Status)
{
    public static AccountResponse From(UserAccount account) =>
        new(account.UserId, account.Email, account.DisplayName, account.Role.ClaimValue(), account.Status);
}

public sealed record TokenResponse(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    DateTimeOffset ExpiresAt,
    string RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt,
    Guid UserId,
    string Role,
    Guid SessionId);

public sealed record SessionResponse(Guid UserId, string Role, Guid SessionId);


public static class AuthEndpoints
{
    /// <summary>
    /// /auth/register, /auth/login, /auth/refresh, /auth/logout, GET /auth/session (who the caller is), password change
    /// and reset for the gateway's roles, and on gateways that admit operators the operators' account routes.
    /// </summary>
    public static IEndpointRouteBuilder MapMarketplaceAuth(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/register", Register).RequireRateLimiting(MarketplaceRateLimits.Registration);
        auth.MapPost("/login", Login).RequireRateLimiting(MarketplaceRateLimits.SignIn);
        auth.MapPost("/refresh", Refresh).RequireRateLimiting(MarketplaceRateLimits.SignIn);
        auth.MapPost("/logout", Logout).RequireAuthorization(MarketplacePolicies.SignedIn);
        auth.MapGet("/session", CurrentSession).RequireAuthorization(MarketplacePolicies.SignedIn);
        auth.MapPasswordEndpoints();

        if (routes.ServiceProvider.GetRequiredService<GatewayRoles>().AdmitsOperators)
        {
            routes.MapOperatorAccounts();
        }
        return routes;
    }

    private static async Task<Created<AccountResponse>> Register(RegisterRequest request, GatewayRoles roles, IClusterClient cluster)
    {
        var account = await cluster.GetGrain<IAuthGrain>(0)
            .Register(new Registration(request.Email, request.Password, request.DisplayName, roles.RegistersAs));
        return TypedResults.Created((string?)null, AccountResponse.From(account));
    }

    private static async Task<IResult> Login(
        LoginRequest request, HttpContext http, GatewayRoles roles, IClusterClient cluster, AccessTokenIssuer issuer,
        IEnumerable<ISignInObserver> observers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(AuthEndpoints));
        var clientAddress = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var result = await cluster.GetGrain<IAuthGrain>(0)
            .Login(new LoginAttempt(request.Email, request.Password, clientAddress, roles.Admitted))
            .WaitAsync(cancellationToken);

        switch (result.Outcome)
        {
            case LoginOutcome.SignedIn:
                foreach (var observer in observers)
                {
                    try
                    {
                        await observer.OnSignedIn(http, result.Session!, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The session exists; a side task such as a cart merge must not turn the sign-in into an error.
                        logger.LogWarning(ex, "Sign-in observer {Observer} failed", observer.GetType().Name);
                    }
                }
                return TypedResults.Ok(Tokens(result.Session!, issuer));
            case LoginOutcome.Throttled:
                var seconds = Math.Max(1, (int)Math.Ceiling(result.RetryAfter!.Value.TotalSeconds));
                http.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins",
                    detail: $"Try again in {seconds} seconds.");
            case LoginOutcome.RoleNotAdmitted:
                return Forbidden("This account cannot sign in here.");
            case LoginOutcome.PendingApproval:
                return Forbidden("This account is waiting for an operator's approval.");
            case LoginOutcome.Disabled:
                return Forbidden("This account is disabled.");
            default:
                return InvalidCredentials("Wrong email or password.");
        }
    }

    private static async Task<IResult> Refresh(RefreshRequest request, IClusterClient cluster, AccessTokenIssuer issuer)
    {
        var session = await cluster.GetGrain<IAuthGrain>(0).Refresh(request.RefreshToken);
        return session is null ? InvalidCredentials("The refresh token is invalid, expired or already used.") : TypedResults.Ok(Tokens(session, issuer));
    }

    private static async Task<NoContent> Logout(HttpContext http, IClusterClient cluster)
    {
        await cluster.GetGrain<IAuthGrain>(0).Logout(http.User.GetSessionId());
        return TypedResults.NoContent();
    }

    private static Ok<SessionResponse> CurrentSession(HttpContext http) =>
        TypedResults.Ok(new SessionResponse(http.User.GetUserId(), http.User.GetRole().ClaimValue(), http.User.GetSessionId()));

    private static TokenResponse Tokens(SessionGrant session, AccessTokenIssuer issuer)
    {
        var access = issuer.Issue(session);
        return new TokenResponse(access.Token, "Bearer", access.ExpiresIn, access.ExpiresAt,
            session.RefreshToken, session.RefreshTokenExpiresAt, session.UserId, session.Role.ClaimValue(), session.SessionId);
    }

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    private static ProblemHttpResult InvalidCredentials(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
}
