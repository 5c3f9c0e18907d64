using Marketplace.Gateways.Identity;
using Marketplace.ReadModels;

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
                Started(cluster, readModel, repair ? ReadModelJobKind.Repair : ReadModelJobKind.Check))
            .WithSummary("Starts comparing the read model with its aggregates (missing, stale and extra rows); with repair=true it rewrites them. 202: follow Location.");
        operations.MapPost("/read-models/{readModel}/rebuild", (string readModel, IClusterClient cluster) =>
                Started(cluster, readModel, ReadModelJobKind.Rebuild))
            .WithSummary("Starts emptying the read model's tables and writing them again from the aggregates. 202: follow Location.");
        operations.MapGet("/read-models/{readModel}/job", (string readModel, IClusterClient cluster) =>
                cluster.GetGrain<IReadModelOperationsGrain>(0).Job(readModel))
            .WithSummary("The running or last check, repair or rebuild of the read model, with its report once it is done.");

        operations.MapGet("/dead-letters", (IClusterClient cluster, int page = 1, int pageSize = 20, string? after = null) =>
                cluster.GetGrain<IReadModelOperationsGrain>(0).DeadLetters(page, pageSize, after))
            .WithSummary("Events a projection could not apply within its retries, oldest first; after = a page's next resumes after it.");
        operations.MapPost("/dead-letters/{deadLetterId:guid}/replay", (Guid deadLetterId, IClusterClient cluster) =>
                cluster.GetGrain<IReadModelOperationsGrain>(0).Replay(deadLetterId))
            .WithSummary("Delivers one dead letter to its projection again; it is removed when that succeeds.");
        operations.MapPost("/dead-letters/replay", (IClusterClient cluster) => cluster.GetGrain<IReadModelOperationsGrain>(0).ReplayAll())
            .WithSummary("Replays every dead letter; answers how many went through and how many still fail.");
        return app;
    }

    private static async Task<IResult> Started(IClusterClient cluster, string readModel, ReadModelJobKind kind)
    {
        var job = await cluster.GetGrain<IReadModelOperationsGrain>(0).Start(readModel, kind);
        return TypedResults.Accepted($"/operator/read-models/{Uri.EscapeDataString(job.ReadModel)}/job", job);
    }
}
