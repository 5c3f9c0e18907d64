using System.Security.Claims;
using Marketplace.Gateways.Identity;
using Marketplace.Gateways.RateLimiting;
using Marketplace.Reviews;
using Marketplace.ServiceDefaults.Http;

namespace Marketplace.Gateways.Public.Reviews;

/// <summary>
/// Product reviews and ratings: anyone reads a product's published reviews and rating; a shopper who received the
/// product writes one review of it, and reads, edits (If-Match) and deletes their own under /me/reviews.
/// </summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviews(this IEndpointRouteBuilder app)
    {
        var product = app.MapGroup("/products/{productId:guid}").WithTags("Reviews");
        product.MapGet("/reviews", (Guid productId, IClusterClient cluster, CancellationToken cancellationToken, int page = 1, int pageSize = 20,
                string? sort = null, string? after = null) =>
            cluster.GetGrain<IReviewQueries>(0).ForProduct(productId, ReviewSorts.Parse(sort), page, pageSize, after, cancellationToken))
            .WithSummary("The product's published reviews; sort=newest (default), highest or lowest; after = a page's next (keyset paging).");
        product.MapGet("/rating", (Guid productId, IClusterClient cluster) => cluster.GetGrain<IProductRatingGrain>(productId).Get())
            .WithSummary("How many published reviews the product has, their average stars and how many per star.");
        product.MapPost("/reviews", async (Guid productId, ReviewDraft draft, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
            {
                var authorId = user.GetUserId();
                var review = await cluster.GetGrain<IReviewGrain>(ReviewIds.For(authorId, productId)).Submit(authorId, productId, draft);
                return http.Versioned(review, review.Version, StatusCodes.Status201Created, $"/me/reviews/{review.ReviewId}");
            })
            .RequireAuthorization()
            .RequireRateLimiting(MarketplaceRateLimits.Reviews)
            .WithSummary("Reviews a product the shopper received (403 otherwise). One review per product: a repeat returns the same review.");

        var mine = app.MapGroup("/me/reviews").WithTags("Reviews").RequireAuthorization().RequireRateLimiting(MarketplaceRateLimits.Reviews);
        mine.MapGet("/", (ClaimsPrincipal user, IClusterClient cluster, CancellationToken cancellationToken, int page = 1, int pageSize = 20,
                string? after = null) =>
                cluster.GetGrain<IReviewQueries>(0).ByAuthor(user.GetUserId(), page, pageSize, after, cancellationToken))
            .WithSummary("The shopper's reviews, newest written first, with their moderation status and, when rejected, the reason; after = a page's next (keyset paging).");
        mine.MapGet("/{reviewId:guid}", async (Guid reviewId, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
            Versioned(http, await cluster.GetGrain<IReviewGrain>(reviewId).GetFor(user.GetUserId())));
        mine.MapPut("/{reviewId:guid}", async (Guid reviewId, ReviewDraft draft, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
                Versioned(http, await cluster.GetGrain<IReviewGrain>(reviewId).Edit(user.GetUserId(), http.Request.RequiredIfMatch(), draft)))
            .WithSummary("Replaces the review (If-Match: its ETag; 428 without, 412 when stale); it goes back to moderation.");
        mine.MapDelete("/{reviewId:guid}", async (Guid reviewId, ClaimsPrincipal user, IClusterClient cluster) =>
        {
            await cluster.GetGrain<IReviewGrain>(reviewId).Remove(user.GetUserId());
            return Results.NoContent();
        });
        return app;
    }

    private static IResult Versioned(HttpContext http, ReviewView review) => http.Versioned(review, review.Version);
}
