using System.Security.Claims;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.Logistics;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Gateways.Logistics;

public static class CourierEndpoints
{
    /// <summary>
    /// A courier's work list and status updates; a courier sees only the shipments assigned to it. Each update carries an
    /// update id (the <c>Idempotency-Key</c> header or <c>updateId</c> in the body), so a retried request changes nothing twice.
    /// </summary>
    public static IEndpointRouteBuilder MapCourierShipments(this IEndpointRouteBuilder app)
    {
        var shipments = app.MapGroup("/courier/shipments").WithTags("Courier").RequireAuthorization();

        shipments.MapGet("/", (ClaimsPrincipal user, IClusterClient cluster, int? page, int? pageSize, string? after) =>
                cluster.GetGrain<IShipmentListsGrain>(0).Page(ShipmentList.Courier(user.GetUserId()), page ?? 1, pageSize ?? 20, after))
            .WithSummary("The shipments assigned to the courier, newest first; pass the page's 'next' as 'after' for the following page.");

        shipments.MapGet("/{shipmentId:guid}", (Guid shipmentId, ClaimsPrincipal user, IClusterClient cluster) =>
                cluster.GetGrain<IShipmentGrain>(shipmentId).GetFor(ShipmentParty.Courier, user.GetUserId()))
            .WithSummary("One shipment assigned to the courier; 403 for anybody else's.");

        shipments.MapPost("/{shipmentId:guid}/updates", (Guid shipmentId, CourierUpdateRequest request,
                [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user, IClusterClient cluster) =>
        {
            var updateId = idempotencyKey ?? request.UpdateId
                ?? throw new ValidationException("updateId", "Send an update id in the Idempotency-Key header or the updateId field.");
            return cluster.GetGrain<IShipmentGrain>(shipmentId)
                .ApplyCourierUpdate(user.GetUserId(), new CourierUpdate(updateId, request.Status, request.Location, request.Reason));
        }).WithSummary("The assigned courier moves the shipment one step; the same update id again changes nothing.");

        return app;
    }

    public sealed record CourierUpdateRequest(ShipmentStatus Status, string? Location, string? Reason, string? UpdateId);
}
