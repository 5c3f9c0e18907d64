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
            cluster.GetGrain<IShipmentGrain>(shipmentId).GetFor(ShipmentParty.Seller, user.GetUserId()));

        shipments.MapPost("/{shipmentId:guid}/pack", (Guid shipmentId, PackRequest? request, ClaimsPrincipal user, IClusterClient cluster) =>
            cluster.GetGrain<IShipmentGrain>(shipmentId).MarkPacked(user.GetUserId(), request?.Location));

        shipments.MapPost("/{shipmentId:guid}/hand-over", (Guid shipmentId, HandOverShipment request, ClaimsPrincipal user, IClusterClient cluster) =>
            cluster.GetGrain<IShipmentGrain>(shipmentId).HandOver(user.GetUserId(), request));

        return app;
    }

    public sealed record PackRequest(string? Location);
}
