using System.Security.Claims;
using Marketplace.Catalog;
using Marketplace.Gateways.Identity;
using Marketplace.Reviews;

namespace Marketplace.Gateways.Seller.Reviews;

/// <summary>
/// Sellers read the reviews and rating of their own products (403 for another seller's); operators work through the
/// reviews that automatic moderation held, and may reject any review with a reason its author reads.
/// </summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapProductReviews(this IEndpointRouteBuilder app)
    {
        var product = app.MapGroup("/products/{productId:guid}").WithTags("Reviews").RequireAuthorization();
        product.MapGet("/reviews", async (Guid productId, ClaimsPrincipal user, IClusterClient cluster, CancellationToken cancellationToken,
            int page = 1, int pageSize = 20, string? sort = null, string? after = null) =>
        {
            await cluster.GetGrain<IProductGrain>(productId).GetForSeller(user.GetUserId());
            return await cluster.GetGrain<IReviewQueries>(0).ForProduct(productId, ReviewSorts.Parse(sort), page, pageSize, after, cancellationToken);
        });
        product.MapGet("/rating", async (Guid productId, ClaimsPrincipal user, IClusterClient cluster) =>
        {
            await cluster.GetGrain<IProductGrain>(productId).GetForSeller(user.GetUserId());
            return await cluster.GetGrain<IProductRatingGrain>(productId).Get();
        });

        var moderation = app.MapGroup("/operator/reviews").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);
        moderation.MapGet("/held", (IClusterClient cluster, CancellationToken cancellationToken, int page = 1, int pageSize = 20, string? after = null) =>
                cluster.GetGrain<IReviewQueries>(0).Held(page, pageSize, after, cancellationToken))
            .WithSummary("Reviews the automatic rules were unsure of, longest waiting first, with why each was held; after = a page's next (keyset paging).");
        moderation.MapPost("/{reviewId:guid}/approve", (Guid reviewId, ClaimsPrincipal user, IClusterClient cluster) =>
            cluster.GetGrain<IReviewGrain>(reviewId).Approve(user.GetUserId()));
        moderation.MapPost("/{reviewId:guid}/reject", (Guid reviewId, RejectReview request, ClaimsPrincipal user, IClusterClient cluster) =>
            cluster.GetGrain<IReviewGrain>(reviewId).Reject(user.GetUserId(), request.Reason ?? ""));
        return app;
    }

    public sealed record RejectReview(string? Reason);
}
