using System.Security.Claims;
using Marketplace.Gateways.Identity;
using Marketplace.Logistics;

namespace Marketplace.Gateways.Public.Logistics;

public static class LogisticsEndpoints
{
    /// <summary>Parcel tracking for shoppers; each sees only the shipments of their own orders (403 otherwise).</summary>
    public static IEndpointRouteBuilder MapLogistics(this IEndpointRouteBuilder app)
    {
        var shipments = app.MapGroup("/shipments").WithTags("Shipments").RequireAuthorization();

        shipments.MapGet("/", (ClaimsPrincipal user, IClusterClient cluster, int? page, int? pageSize, string? after) =>
                cluster.GetGrain<IShipmentListsGrain>(0).Page(ShipmentList.Shopper(user.GetUserId()), page ?? 1, pageSize ?? 20, after))
            .WithSummary("The shopper's shipments, newest first; pass the page's 'next' as 'after' for the following page.");

        shipments.MapGet("/{shipmentId:guid}", (Guid shipmentId, ClaimsPrincipal user, IClusterClient cluster) =>
                cluster.GetGrain<IShipmentGrain>(shipmentId).GetFor(ShipmentParty.Shopper, user.GetUserId()))
            .WithSummary("One of the shopper's shipments with its history; 403 for anybody else's.");

        // The list is filtered by shopper as well as order, so another shopper's order id yields an empty list.
        app.MapGet("/orders/{orderId:guid}/shipments", (Guid orderId, ClaimsPrincipal user, IClusterClient cluster, int? page, int? pageSize, string? after) =>
                cluster.GetGrain<IShipmentListsGrain>(0).Page(ShipmentList.ShopperOrder(user.GetUserId(), orderId), page ?? 1, pageSize ?? 20, after))
            .WithSummary("The shipments of one of the shopper's orders, newest first; another shopper's order lists nothing.")
            .WithTags("Shipments")
            .RequireAuthorization();

        return app;
    }
}
