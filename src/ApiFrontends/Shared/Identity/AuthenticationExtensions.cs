using Marketplace.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Gateways.Identity;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer authentication for a gateway that admits <paramref name="roles"/>: tokens signed with one of the shared
    /// keys, carrying an admitted role and a session the cluster still holds for the token's user and role (checked on every request).
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceAuthentication(this IHostApplicationBuilder builder, GatewayRoles roles)
    {
        builder.Services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        builder.Services.AddSingleton(roles);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AccessTokenIssuer>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwtOptions) =>
            {
                var jwt = jwtOptions.Value;
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKeys = jwt.SigningKeys.Select(AccessTokenIssuer.SecurityKey).ToList(),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = MarketplaceClaims.UserId,
                    RoleClaimType = MarketplaceClaims.Role,
                    // Tokens live minutes; a long default skew would stretch them noticeably.
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                bearer.Events = new JwtBearerEvents { OnTokenValidated = SessionCheck.RejectUnlessActive };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(RolePolicy(roles.Members))
            .AddPolicy(MarketplacePolicies.Operator, RolePolicy([UserRole.Operator]))
            .AddPolicy(MarketplacePolicies.SignedIn, RolePolicy(roles.Admitted));
        return builder;
    }

    /// <summary>Authentication and authorization middleware, after the exception handler so a failed session check is a problem detail.</summary>
    public static WebApplication UseMarketplaceAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static AuthorizationPolicy RolePolicy(IEnumerable<UserRole> roles) =>
        new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(MarketplaceClaims.Role, roles.Select(r => r.ClaimValue()))
            .Build();
}
