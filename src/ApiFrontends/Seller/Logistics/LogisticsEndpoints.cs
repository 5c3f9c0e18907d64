using System.Security.Claims;
using Marketplace.Gateways.Identity;
using Marketplace.Logistics;

namespace Marketplace.Gateways.Seller.Logistics;

public static class LogisticsEndpoints
{
    /// <summary>A seller's shipments: tracking, packing and handing over. Only the shipment's own seller gets through (403 otherwise).</summary>
    public static IEndpointRouteBuilder MapLogistics(this IEndpointRouteBuilder app)
    {
        var shipments = app.MapGroup("/shipments").WithTags("Shipments").RequireAuthorization();

        shipments.MapGet("/", (ClaimsPrincipal user, IClusterClient cluster, int? page, int? pageSize, string? after) =>
                cluster.GetGrain<IShipmentListsGrain>(0).Page(ShipmentList.Seller(user.GetUserId()), page ?? 1, pageSize ?? 20, after))
            .WithSummary("The seller's shipments, newest first; pass the page's 'next' as 'after' for the following page.");

        shipments.MapGet("/{shipmentId:guid}", (Guid shipmentId, ClaimsPrincipal user, IClusterClient cluster) =>
                cluster.GetGrain<IShipmentGrain>(shipmentId).GetFor(ShipmentParty.Seller, user.GetUserId()))
            .WithSummary("One of the seller's shipments with its history; 403 for another seller's.");

        shipments.MapPost("/{shipmentId:guid}/pack", (Guid shipmentId, PackRequest? request, ClaimsPrincipal user, IClusterClient cluster) =>
                cluster.GetGrain<IShipmentGrain>(shipmentId).MarkPacked(user.GetUserId(), request?.Location))
            .WithSummary("The seller has packed the parcel; repeating it is a no-op, 409 once it has left.");

        shipments.MapPost("/{shipmentId:guid}/hand-over", (Guid shipmentId, HandOverShipment request, ClaimsPrincipal user, IClusterClient cluster) =>
                cluster.GetGrain<IShipmentGrain>(shipmentId).HandOver(user.GetUserId(), request))
            .WithSummary("The seller gives the packed parcel to our couriers or to the carrier; repeating it with the same channel is a no-op.");

        return app;
    }

    public sealed record PackRequest(string? Location);
}
