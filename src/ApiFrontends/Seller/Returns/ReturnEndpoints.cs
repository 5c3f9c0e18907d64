using System.Security.Claims;
using Marketplace.Gateways.Identity;
using Marketplace.Returns;
using Marketplace.ServiceDefaults.Http;

namespace Marketplace.Gateways.Seller.Returns;

/// <summary>
/// A seller's returns (docs/returns.md): list them, read one (ETag), approve or reject it and confirm its receipt, each
/// on the version read (If-Match); operators decide disputes.
/// </summary>
public static class ReturnEndpoints
{
    public static IEndpointRouteBuilder MapReturns(this IEndpointRouteBuilder app)
    {
        var returns = app.MapGroup("/returns").WithTags("Returns").RequireAuthorization();
        returns.MapGet("/", (ClaimsPrincipal user, IGrainFactory grains, int? page, int? pageSize, string? after) =>
                grains.GetGrain<IReturnListsGrain>(0).Page(ReturnParty.Seller, user.GetUserId(), page ?? 1, pageSize ?? 20, after))
            .WithSummary("The seller's returns, newest first; pass the page's 'next' as 'after' for the following page.");
        returns.MapGet("/{returnId:guid}", async (Guid returnId, HttpContext http, ClaimsPrincipal user, IGrainFactory grains) =>
                Versioned(http, await grains.GetGrain<IReturnGrain>(returnId).GetFor(ReturnParty.Seller, user.GetUserId())))
            .WithSummary("One return with its status history and its ETag; 404 unless it is the seller's.");
        returns.MapPost("/{returnId:guid}/decision", async (Guid returnId, SellerDecision request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains) =>
                Versioned(http, await grains.GetGrain<IReturnGrain>(returnId).Decide(user.GetUserId(), request.Approve, request.Reason, http.Request.RequiredIfMatch())))
            .WithSummary("Approves or rejects (a reason is required) a requested return; If-Match: the ETag read. Past the deadline it is approved without you.");
        returns.MapPost("/{returnId:guid}/receipt", async (Guid returnId, ReceiptRequest request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains) =>
                Versioned(http, await grains.GetGrain<IReturnGrain>(returnId).ConfirmReceipt(user.GetUserId(), request.Resellable, request.Note,
                    http.Request.RequiredIfMatch())))
            .WithSummary("Confirms the parcel is back and whether the goods can be sold again (then restocked); the refund follows. If-Match: the ETag read.");

        var disputes = app.MapGroup("/operator/returns").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);
        disputes.MapGet("/{returnId:guid}", async (Guid returnId, IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<IReturnGrain>(returnId).Get()))
            .WithSummary("Any return with its history.");
        disputes.MapPost("/{returnId:guid}/decision", async (Guid returnId, OperatorDecision request, ClaimsPrincipal user, IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IReturnGrain>(returnId).Arbitrate(user.GetUserId(), request.Approve, request.Reason)))
            .WithSummary("Decides a requested or disputed return for good, with a reason.");
        return app;
    }

    private static IResult Versioned(HttpContext http, ReturnView view) => http.Versioned(view, view.Version);
}

public sealed record SellerDecision(bool Approve, string? Reason = null);

public sealed record ReceiptRequest(bool Resellable, string? Note = null);

public sealed record OperatorDecision(bool Approve, string Reason);
