using System.Security.Claims;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Gateways.Seller.Catalog;

/// <summary>
/// A seller's sales on their own cards (403 for another seller's). Every change is an edit of the card: it needs the
/// card's ETag in If-Match (428 without, 412 when stale) and answers with the new one.
/// </summary>
public static class SaleEndpoints
{
    private const int MaxIdempotencyKey = 200;

    public static IEndpointRouteBuilder MapSellerSales(this IEndpointRouteBuilder app)
    {
        var sales = app.MapGroup("/products/{productId:guid}/sales").WithTags("Sales").RequireAuthorization();

        sales.MapGet("/", async (Guid productId, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
                Versioned(http, await cluster.GetGrain<IProductGrain>(productId).GetSales(user.GetUserId())))
            .WithSummary("The card's sales that have not ended, soonest first, with the card's ETag.");

        sales.MapPost("/", async (Guid productId, SaleDraft sale, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
                ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
            {
                var saleId = SaleId(productId, idempotencyKey);
                var scheduled = await cluster.GetGrain<IProductGrain>(productId).ScheduleSale(user.GetUserId(), http.Request.RequiredIfMatch(), saleId, sale);
                return http.Versioned(scheduled, scheduled.Version, StatusCodes.Status201Created, $"/products/{productId}/sales/{saleId}");
            })
            .WithSummary("Schedules a sale price for a variant (sku) or every variant (no sku) from startsAt until endsAt; below the list price, no overlap with another sale of the variant. Optional Idempotency-Key: a retry schedules it once.");

        sales.MapPut("/{saleId:guid}", async (Guid productId, Guid saleId, SaleDraft sale, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
                Versioned(http, await cluster.GetGrain<IProductGrain>(productId).ScheduleSale(user.GetUserId(), http.Request.RequiredIfMatch(), saleId, sale)))
            .WithSummary("Changes a sale (its price, period or sku), under the same rules.");

        sales.MapDelete("/{saleId:guid}", async (Guid productId, Guid saleId, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
                Versioned(http, await cluster.GetGrain<IProductGrain>(productId).WithdrawSale(user.GetUserId(), http.Request.RequiredIfMatch(), saleId)))
            .WithSummary("Withdraws a sale, running or scheduled: the list price applies again at once.");

        return app;
    }

    private static Guid SaleId(Guid productId, string? idempotencyKey) => idempotencyKey switch
    {
        null => Guid.NewGuid(),
        { Length: 0 or > MaxIdempotencyKey } => throw new ValidationException("Idempotency-Key", $"An Idempotency-Key has 1 to {MaxIdempotencyKey} characters."),
        _ => DeterministicGuid.Create(productId, $"sale/{idempotencyKey}"),
    };

    private static IResult Versioned(HttpContext http, ProductSales sales) => http.Versioned(sales, sales.Version);
}
