using System.Security.Claims;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.Gateways.Public.Ordering;
using Marketplace.Returns;
using Marketplace.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Gateways.Public.Returns;

/// <summary>A shopper's returns (docs/returns.md): ask for one, read one with its history, list them, dispute a rejection.</summary>
public static class ReturnEndpoints
{
    private const int MaxIdempotencyKey = 200;

    public static IEndpointRouteBuilder MapReturns(this IEndpointRouteBuilder app)
    {
        var returns = app.MapGroup("/returns").WithTags("Returns").RequireAuthorization();
        returns.MapPost("/", Request)
            .WithSummary("Asks to return units of a delivered sub-order, with a reason. Requires an Idempotency-Key header: a repeat returns the same return.");
        returns.MapGet("/", (ClaimsPrincipal user, IGrainFactory grains, int? page, int? pageSize, string? after) =>
                grains.GetGrain<IReturnListsGrain>(0).Page(ReturnParty.Shopper, user.GetUserId(), page ?? 1, pageSize ?? 20, after))
            .WithSummary("The shopper's returns, newest first; pass the page's 'next' as 'after' for the following page.");
        returns.MapGet("/{returnId:guid}", async (Guid returnId, ClaimsPrincipal user, IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IReturnGrain>(returnId).GetFor(ReturnParty.Shopper, user.GetUserId())))
            .WithSummary("One return with its status history; 404 unless it is the shopper's.");
        returns.MapPost("/{returnId:guid}/dispute", async (Guid returnId, DisputeRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IReturnGrain>(returnId).Dispute(user.GetUserId(), request.Reason)))
            .WithSummary("Disputes the seller's rejection, once, with a reason; an operator then decides.");
        return app;
    }

    private static async Task<Created<ReturnView>> Request(ReturnRequest request, HttpRequest http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var key = http.Headers[OrderingEndpoints.IdempotencyHeader].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKey)
        {
            throw new ValidationException(OrderingEndpoints.IdempotencyHeader, $"Send an Idempotency-Key header of 1 to {MaxIdempotencyKey} characters.");
        }
        var shopperId = user.GetUserId();
        var items = request.Items.Select(i => new ReturnItemRequest(i.ProductId, i.Sku, i.Quantity)).ToList();
        var view = await grains.GetGrain<IReturnGrain>(ReturnIds.ForRequest(shopperId, key)).Request(new RequestReturn(shopperId,
            ReturnIds.Fingerprint(request.OrderId, request.SellerOrderId, items, request.Reason, request.Comment, request.Method),
            request.OrderId, request.SellerOrderId, items, request.Reason, request.Comment, request.Method));
        http.HttpContext.Response.Headers.ETag = EntityVersions.ETagOf(view.Version);
        return TypedResults.Created($"/returns/{view.ReturnId}", view);
    }
}

/// <summary>
/// Units of one delivered sub-order to send back. <paramref name="Method"/>: a courier collects the parcel at the delivery
/// address (CourierPickup) or the shopper drops it at the carrier with the label's tracking number (CarrierDropOff).
/// </summary>
public sealed record ReturnRequest(Guid OrderId, Guid SellerOrderId, IReadOnlyList<ReturnItem> Items, ReturnReason Reason, ReturnMethod Method,
    string? Comment = null);

public sealed record ReturnItem(Guid ProductId, string Sku, int Quantity);

public sealed record DisputeRequest(string Reason);
