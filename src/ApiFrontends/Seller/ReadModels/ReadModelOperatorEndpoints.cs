using Marketplace.ReadModels;
using Marketplace.ServiceDefaults.Identity;

namespace Marketplace.Gateways.Seller.ReadModels;

/// <summary>Operators check, repair and rebuild the projection tables and replay the deliveries parked as dead letters.</summary>
public static class ReadModelOperatorEndpoints
{
    public static IEndpointRouteBuilder MapReadModelOperations(this IEndpointRouteBuilder app)
    {
        var operations = app.MapGroup("/operator").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);

        operations.MapGet("/read-models", (IClusterClient cluster) => cluster.GetGrain<IReadModelOperationsGrain>(0).ReadModels())
            .WithSummary("The read models that can be checked and rebuilt.");
        operations.MapPost("/read-models/{readModel}/check", (string readModel, IClusterClient cluster, bool repair = false) =>
                cluster.GetGrain<IReadModelOperationsGrain>(0).Check(readModel, repair))
            .WithSummary("Compares the read model with its aggregates and reports missing, stale and extra rows; with repair=true rewrites them.");
        operations.MapPost("/read-models/{readModel}/rebuild", (string readModel, IClusterClient cluster) =>
                cluster.GetGrain<IReadModelOperationsGrain>(0).Rebuild(readModel))
            .WithSummary("Empties the read model's tables and writes them again from the aggregates.");

        operations.MapGet("/dead-letters", (IClusterClient cluster, int page = 1, int pageSize = 20) =>
                cluster.GetGrain<IReadModelOperationsGrain>(0).DeadLetters(page, pageSize))
            .WithSummary("Events a projection could not apply within its retries, oldest first.");
        operations.MapPost("/dead-letters/{deadLetterId:guid}/replay", (Guid deadLetterId, IClusterClient cluster) =>
                cluster.GetGrain<IReadModelOperationsGrain>(0).Replay(deadLetterId))
            .WithSummary("Delivers one dead letter to its projection again; it is removed when that succeeds.");
        operations.MapPost("/dead-letters/replay", (IClusterClient cluster) => cluster.GetGrain<IReadModelOperationsGrain>(0).ReplayAll())
            .WithSummary("Replays every dead letter; answers how many went through and how many still fail.");
        return app;
    }
}
