using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Marketplace.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Marketplace.Silo.Hosting;

/// <summary>Who may open the Orleans dashboard, which shows every grain and silo of the cluster. Bound from <c>Dashboard</c>.</summary>
public sealed class DashboardAccessOptions
{
    public const string SectionName = "Dashboard";

    public string Username { get; set; } = "operator";

    /// <summary>No default in code; deploy/local/up.sh generates one per install, outside Development never the committed one.</summary>
    public string Password { get; set; } = "";
}

public static class DashboardAccess
{
    private const string Policy = "dashboard";

    /// <summary>The dashboard behind HTTP Basic authentication with the configured operator credentials.</summary>
    public static WebApplicationBuilder AddDashboardAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardAccessOptions>()
            .BindConfiguration(DashboardAccessOptions.SectionName)
            .Validate(o => o.Username.Length > 0 && o.Password.Length >= 12, "Dashboard:Username and Dashboard:Password (at least 12 characters) must be set.")
            .Validate<IHostEnvironment>((o, host) => host.IsDevelopment() || !DevelopmentSecrets.IsCommitted(o.Password),
                DevelopmentSecrets.Refusal("Dashboard:Password", "non-Development"))
            .ValidateOnStart();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DashboardBasicAuthentication>(DashboardBasicAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(DashboardBasicAuthentication.SchemeName).RequireAuthenticatedUser());
        return builder;
    }

    public static WebApplication MapProtectedDashboard(this WebApplication app, string routePrefix)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOrleansDashboard(routePrefix: routePrefix).RequireAuthorization(Policy);
        return app;
    }
}

/// <summary>HTTP Basic against the one configured dashboard login, compared in constant time; a 401 asks the browser for it.</summary>
internal sealed class DashboardBasicAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<DashboardAccessOptions> access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "DashboardBasic";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!TryDecode(header.Parameter, out var username, out var password)
            || !(Matches(username, access.Value.Username) & Matches(password, access.Value.Password)))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong dashboard credentials."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, username)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"Orleans dashboard\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    private static bool TryDecode(string parameter, out string username, out string password)
    {
        username = password = "";
        var bytes = new byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter, bytes, out var length))
        {
            return false;
        }
        var decoded = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = decoded.IndexOf(':');
        if (colon < 0)
        {
            return false;
        }
        (username, password) = (decoded[..colon], decoded[(colon + 1)..]);
        return true;
    }

    /// <summary>Hashes first, so the comparison takes the same time whatever the lengths.</summary>
    private static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
