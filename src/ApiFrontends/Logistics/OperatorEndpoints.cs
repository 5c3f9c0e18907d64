using Marketplace.Logistics;
using Marketplace.ServiceDefaults.Identity;

namespace Marketplace.Gateways.Logistics;

public static class OperatorEndpoints
{
    /// <summary>Dispatch and alerts for operators: the queue of shipments awaiting a courier, assigning one, and the overdue list.</summary>
    public static IEndpointRouteBuilder MapOperatorShipments(this IEndpointRouteBuilder app)
    {
        var shipments = app.MapGroup("/operator/shipments").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);

        shipments.MapGet("/overdue", (IClusterClient cluster, int page = 1, int pageSize = 20) =>
            cluster.GetGrain<IShipmentIndexGrain>(ShipmentIndexKey.Overdue).List(page, pageSize));

        shipments.MapGet("/awaiting-courier", (IClusterClient cluster, int page = 1, int pageSize = 20) =>
            cluster.GetGrain<IShipmentIndexGrain>(ShipmentIndexKey.AwaitingCourier).List(page, pageSize));

        shipments.MapGet("/{shipmentId:guid}", (Guid shipmentId, IClusterClient cluster) =>
            cluster.GetGrain<IShipmentGrain>(shipmentId).Get());

        shipments.MapPut("/{shipmentId:guid}/courier", (Guid shipmentId, AssignCourierRequest request, IClusterClient cluster) =>
            cluster.GetGrain<IShipmentGrain>(shipmentId).AssignCourier(request.CourierId));

        return app;
    }

    public sealed record AssignCourierRequest(Guid CourierId);
}
