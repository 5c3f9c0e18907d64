using System.Security.Claims;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.Sellers;
using Marketplace.ServiceDefaults.Http;

namespace Marketplace.Gateways.Seller.Catalog;

/// <summary>Seller accounts: a seller onboards and edits itself only (403 for another's id); operators decide the status.</summary>
public static class SellerEndpoints
{
    public static IEndpointRouteBuilder MapSellers(this IEndpointRouteBuilder app)
    {
        var sellers = app.MapGroup("/sellers").WithTags("Sellers").RequireAuthorization();

        sellers.MapPost("/", async (SellerApplication application, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
        {
            var sellerId = user.GetUserId();
            var profile = await cluster.GetGrain<ISellerGrain>(sellerId).Onboard(application);
            return http.Versioned(profile, profile.Version, StatusCodes.Status201Created, $"/sellers/{sellerId}");
        });

        sellers.MapGet("/{sellerId:guid}", async (Guid sellerId, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
            Versioned(http, await Own(cluster, user, sellerId).Get()));

        sellers.MapPut("/{sellerId:guid}", async (Guid sellerId, SellerApplication application, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
            Versioned(http, await Own(cluster, user, sellerId).Edit(http.Request.RequiredIfMatch(), application)));

        var operatorSellers = app.MapGroup("/operator/sellers").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);

        operatorSellers.MapGet("/{sellerId:guid}", async (Guid sellerId, HttpContext http, IClusterClient cluster) =>
            Versioned(http, await cluster.GetGrain<ISellerGrain>(sellerId).Get()));

        operatorSellers.MapPut("/{sellerId:guid}/status", async (Guid sellerId, ChangeStatus request, HttpContext http, IClusterClient cluster) =>
            Versioned(http, await cluster.GetGrain<ISellerGrain>(sellerId).ChangeStatus(request.Status, request.Reason)));

        return app;
    }

    private static ISellerGrain Own(IClusterClient cluster, ClaimsPrincipal user, Guid sellerId) =>
        user.GetUserId() == sellerId
            ? cluster.GetGrain<ISellerGrain>(sellerId)
            : throw new ForbiddenException("A seller sees and edits only its own account.");

    private static IResult Versioned(HttpContext http, SellerProfile profile) => http.Versioned(profile, profile.Version);

    public sealed record ChangeStatus(SellerStatus Status, string? Reason);
}
