using System.Security.Claims;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Gateways.Identity;

namespace Marketplace.Gateways.Seller.Catalog;

/// <summary>
/// Sellers read where moderation stands on their own products (403 for another seller's); operators work through
/// the blocked and held products and approve or block them, next to the review operator routes.
/// </summary>
public static class ProductModerationEndpoints
{
    public static IEndpointRouteBuilder MapProductModeration(this IEndpointRouteBuilder app)
    {
        app.MapGet("/products/{productId:guid}/moderation", async (Guid productId, ClaimsPrincipal user, IClusterClient cluster) =>
                (await cluster.GetGrain<IProductGrain>(productId).GetForSeller(user.GetUserId())).Moderation
                ?? throw new NotFoundException($"Product {productId} has not been published, so nothing has been moderated yet."))
            .WithTags("Products").RequireAuthorization()
            .WithSummary("The product's moderation status and, when it is hidden, why.");

        var moderation = app.MapGroup("/operator/products").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);
        moderation.MapGet("/moderation", (IClusterClient cluster, int page = 1, int pageSize = 20, string? after = null) =>
                cluster.GetGrain<IProductModerationQueue>(0).List(page, pageSize, after))
            .WithSummary("Products moderation hides (blocked, or held after an operator's block), longest waiting first; `after` = a page's `next`.");
        moderation.MapPost("/{productId:guid}/approve", (Guid productId, ClaimsPrincipal user, IClusterClient cluster) =>
            cluster.GetGrain<IProductModeration>(productId).Approve(user.GetUserId()));
        moderation.MapPost("/{productId:guid}/block", (Guid productId, BlockProduct request, ClaimsPrincipal user, IClusterClient cluster) =>
            cluster.GetGrain<IProductModeration>(productId).Block(user.GetUserId(), request.Reason ?? ""));
        return app;
    }

    public sealed record BlockProduct(string? Reason);
}
