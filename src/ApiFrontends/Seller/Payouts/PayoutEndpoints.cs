using System.Security.Claims;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.Payouts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Gateways.Seller.Payouts;

/// <summary>Payout runs (operators start one, or the schedule does), the payouts and their failures, and a seller's own payouts (docs/payouts.md).</summary>
public static class PayoutEndpoints
{
    public static IEndpointRouteBuilder MapPayouts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/payouts", async Task<Ok<PagedList<PayoutView>>> (ClaimsPrincipal user, IClusterClient cluster, int page = 1, int pageSize = 20, string? after = null) =>
                TypedResults.Ok(await Lists(cluster).Payouts(null, user.GetUserId(), null, false, page, pageSize, after)))
            .WithTags("Ledger").RequireAuthorization()
            .WithSummary("The seller's payouts, newest first, with their status and attempts; `after` = a page's `next`.");

        var operators = app.MapGroup("/operator").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);
        operators.MapPost("/payout-runs", async Task<Accepted<PayoutRunView>> (IClusterClient cluster) =>
            {
                var run = await cluster.GetGrain<IPayoutRunGrain>(PayoutIds.NewRun()).Start(PayoutTrigger.Operator);
                return TypedResults.Accepted($"/operator/payout-runs/{run.RunId}", run);
            })
            .WithSummary("Starts a run paying every seller its available balance; 202, follow Location. A balance already taken by a run is not paid twice.");
        operators.MapGet("/payout-runs", async Task<Ok<PagedList<PayoutRunView>>> (IClusterClient cluster, int page = 1, int pageSize = 20, string? after = null) =>
                TypedResults.Ok(await Lists(cluster).Runs(page, pageSize, after)))
            .WithSummary("Payout runs, newest first; `after` = a page's `next`.");
        operators.MapGet("/payout-runs/{runId:guid}", async Task<Ok<PayoutRunReport>> (Guid runId, IClusterClient cluster) =>
                TypedResults.Ok(await Lists(cluster).Run(runId)))
            .WithSummary("One run and its payouts' count and amount by status.");
        operators.MapGet("/payouts", async Task<Ok<PagedList<PayoutView>>> (IClusterClient cluster, Guid? runId, Guid? sellerId, PayoutStatus? status,
                    bool failing = false, int page = 1, int pageSize = 20, string? after = null) =>
                TypedResults.Ok(await Lists(cluster).Payouts(runId, sellerId, status, failing, page, pageSize, after)))
            .WithSummary("Payouts, newest first, narrowed by run, seller or status; failing=true: refused ones and those the processor has not answered yet.");
        operators.MapGet("/payouts/{payoutId:guid}", async Task<Ok<PayoutView>> (Guid payoutId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IPayoutGrain>(payoutId).Get()))
            .WithSummary("One payout with its history, attempts and last error.");
        operators.MapPost("/payouts/reconcile", async Task<Ok<ReconciliationReport>> (IClusterClient cluster) =>
                TypedResults.Ok(await Lists(cluster).Reconcile()))
            .WithSummary("Asks the processor about every payout still sending: records what it paid or refused, sends again at once what it never got.");
        return app;
    }

    private static IPayoutListsGrain Lists(IClusterClient cluster) => cluster.GetGrain<IPayoutListsGrain>(0);
}
