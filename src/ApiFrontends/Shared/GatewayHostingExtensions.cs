using Marketplace.Gateways.Identity;
using Marketplace.Gateways.RateLimiting;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceDefaults.Http;
using Marketplace.ServiceDefaults.Orleans;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Gateways;

public static class GatewayHostingExtensions
{
    /// <summary>
    /// What every gateway is: a host with the service defaults, an Orleans client of the cluster, admitting only
    /// its own roles, and documented by OpenAPI. A gateway adds its resources' route groups and nothing else.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceGateway(this IHostApplicationBuilder builder, GatewayRoles roles)
    {
        builder.AddServiceDefaults();
        builder.AddMarketplaceInputRules();
        builder.AddMarketplaceBrowserPolicy();
        builder.AddMarketplaceOrleansClient();
        builder.AddMarketplaceAuthentication(roles);
        builder.Services.AddMarketplaceForwardedHeaders();
        builder.Services.AddMarketplaceRateLimiting();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>
    /// The gateway's pipeline and shared endpoints: forwarded headers of trusted proxies, problem details, security
    /// headers and CORS, input rules, authentication, the operators' audit trail, rate limits, health, metrics, /auth, OpenAPI.
    /// </summary>
    public static WebApplication UseMarketplaceGateway(this WebApplication app)
    {
        app.UseMarketplaceForwardedHeaders();
        app.UseMarketplaceProblemDetails();
        app.UseMarketplaceBrowserPolicy();
        app.UseMarketplaceInputRules();
        app.UseMarketplaceAuthentication();
        app.UseOperatorAudit();
        app.UseMarketplaceRateLimiting();
        app.MapDefaultEndpoints();
        app.MapMarketplaceAuth();
        app.MapOpenApi();
        return app;
    }
}
