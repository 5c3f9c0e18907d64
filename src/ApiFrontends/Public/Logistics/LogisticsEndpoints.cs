using Marketplace.Logistics;
using Marketplace.ServiceDefaults.Identity;
using System.Security.Claims;

namespace Marketplace.Gateways.Public.Logistics;

public static class LogisticsEndpoints
{
    /// <summary>Parcel tracking for shoppers; each sees only the shipments of their own orders (403 otherwise).</summary>
    public static IEndpointRouteBuilder MapLogistics(this IEndpointRouteBuilder app)
    {
        var shipments = app.MapGroup("/shipments").WithTags("Shipments").RequireAuthorization();

        shipments.MapGet("/", (ClaimsPrincipal user, IClusterClient cluster, int page = 1, int pageSize = 20) =>
            cluster.GetGrain<IShipmentIndexGrain>(ShipmentIndexKey.Shopper(user.GetUserId())).List(page, pageSize));

        shipments.MapGet("/{shipmentId:guid}", (Guid shipmentId, ClaimsPrincipal user, IClusterClient cluster) =>
            cluster.GetGrain<IShipmentGrain>(shipmentId).GetFor(ShipmentParty.Shopper, user.GetUserId()));

        // The index is keyed by shopper as well as order, so another shopper's order id yields an empty list.
        app.MapGet("/orders/{orderId:guid}/shipments", (Guid orderId, ClaimsPrincipal user, IClusterClient cluster, int page = 1, int pageSize = 20) =>
                cluster.GetGrain<IShipmentIndexGrain>(ShipmentIndexKey.ShopperOrder(user.GetUserId(), orderId)).List(page, pageSize))
            .WithTags("Shipments")
            .RequireAuthorization();

        return app;
    }
}
