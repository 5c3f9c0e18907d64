using System.Security.Claims;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Gateways.Seller.Catalog;

/// <summary>A seller's product cards and their stock. The acting seller is the token's user; the grain refuses others' cards (403).</summary>
public static class ProductEndpoints
{
    public static IEndpointRouteBuilder MapSellerProducts(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/products").WithTags("Products").RequireAuthorization();

        products.MapPost("/", async (ProductDraft draft, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
        {
            var sellerId = user.GetUserId();
            var productId = ProductIds.ForCreation(sellerId, idempotencyKey);
            var product = await cluster.GetGrain<IProductGrain>(productId).Create(sellerId, draft);
            return http.Versioned(product, product.Version, StatusCodes.Status201Created, $"/products/{productId}");
        });

        products.MapGet("/", (ClaimsPrincipal user, IClusterClient cluster, int page = 1, int pageSize = 24, string? sort = null, string? after = null) =>
                cluster.GetGrain<ICatalogListingsGrain>(0).Seller(user.GetUserId(), new ListingQuery(page, pageSize, ListingSorts.Parse(sort), PublishedOnly: false, after)))
            .WithSummary("The seller's products in every status; pass the page's 'next' as 'after' for the following page.");

        products.MapGet("/{productId:guid}", async (Guid productId, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
            Versioned(http, await cluster.GetGrain<IProductGrain>(productId).GetForSeller(user.GetUserId())));

        products.MapPut("/{productId:guid}", async (Guid productId, ProductDraft draft, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
            Versioned(http, await cluster.GetGrain<IProductGrain>(productId).Edit(user.GetUserId(), http.Request.RequiredIfMatch(), draft)));

        products.MapPost("/{productId:guid}/publish", async (Guid productId, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
            Versioned(http, await cluster.GetGrain<IProductGrain>(productId).Publish(user.GetUserId(), http.Request.RequiredIfMatch())));

        products.MapPost("/{productId:guid}/archive", async (Guid productId, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
            Versioned(http, await cluster.GetGrain<IProductGrain>(productId).Archive(user.GetUserId(), http.Request.RequiredIfMatch())));

        var stock = products.MapGroup("/{productId:guid}/variants/{sku}/stock").WithTags("Stock");

        stock.MapGet("/", (Guid productId, string sku, ClaimsPrincipal user, IClusterClient cluster) =>
            cluster.GetGrain<IProductGrain>(productId).GetStock(user.GetUserId(), sku));

        stock.MapPut("/", (Guid productId, string sku, SetStock request, ClaimsPrincipal user, IClusterClient cluster) =>
            cluster.GetGrain<IProductGrain>(productId).SetStock(user.GetUserId(), sku, request.OnHand));

        stock.MapPost("/adjustments", (Guid productId, string sku, AdjustStock request,
                [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user, IClusterClient cluster) =>
            cluster.GetGrain<IProductGrain>(productId).AdjustStock(user.GetUserId(), sku, request.Delta,
                idempotencyKey ?? throw new ValidationException("Idempotency-Key", "An adjustment needs an Idempotency-Key header, so a retry applies once.")));

        return app;
    }

    private static IResult Versioned(HttpContext http, ProductSnapshot product) => http.Versioned(product, product.Version);

    public sealed record SetStock(int OnHand);

    public sealed record AdjustStock(int Delta);
}
