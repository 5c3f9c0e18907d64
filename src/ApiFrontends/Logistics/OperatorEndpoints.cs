using Marketplace.Gateways.Identity;
using Marketplace.Logistics;

namespace Marketplace.Gateways.Logistics;

public static class OperatorEndpoints
{
    /// <summary>Dispatch and alerts for operators: the queue of shipments awaiting a courier, assigning one, and the overdue list.</summary>
    public static IEndpointRouteBuilder MapOperatorShipments(this IEndpointRouteBuilder app)
    {
        var shipments = app.MapGroup("/operator/shipments").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);

        shipments.MapGet("/overdue", (IClusterClient cluster, int? page, int? pageSize, string? after) =>
                cluster.GetGrain<IShipmentListsGrain>(0).Page(ShipmentList.Overdue, page ?? 1, pageSize ?? 20, after))
            .WithSummary("Shipments on their way with no update within the deadline, longest overdue first; 'after' = a page's 'next'.");

        shipments.MapGet("/awaiting-courier", (IClusterClient cluster, int? page, int? pageSize, string? after) =>
                cluster.GetGrain<IShipmentListsGrain>(0).Page(ShipmentList.AwaitingCourier, page ?? 1, pageSize ?? 20, after))
            .WithSummary("Shipments handed to the courier service with no courier yet, longest waiting first; 'after' = a page's 'next'.");

        shipments.MapGet("/{shipmentId:guid}", (Guid shipmentId, IClusterClient cluster) =>
                cluster.GetGrain<IShipmentGrain>(shipmentId).Get())
            .WithSummary("One shipment with its history, for operators; 404 when there is none.");

        shipments.MapPut("/{shipmentId:guid}/courier", (Guid shipmentId, AssignCourierRequest request, IClusterClient cluster) =>
                cluster.GetGrain<IShipmentGrain>(shipmentId).AssignCourier(request.CourierId))
            .WithSummary("Gives a shipment handed to the courier service to a courier (or another one, until pick-up); 409 otherwise.");

        return app;
    }

    public sealed record AssignCourierRequest(Guid CourierId);
}
