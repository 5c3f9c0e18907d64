using System.Security.Claims;
using Marketplace.Gateways.Identity;
using Marketplace.Recommendations;

namespace Marketplace.Gateways.Public.Recommendations;

/// <summary>
/// GET /recommendations (personal when signed in, else the base feed), /recommendations/popular, /recommendations/interests
/// and GET /products/{id}/also-bought.
/// </summary>
public static class RecommendationEndpoints
{
    public static IEndpointRouteBuilder MapRecommendations(this IEndpointRouteBuilder app)
    {
        var recommendations = app.MapGroup("/recommendations").WithTags("Recommendations");
        recommendations.MapGet("/", (ClaimsPrincipal user, IGrainFactory grains, int page = 1, int pageSize = RecommendationPaging.DefaultPageSize) =>
                user.Identity?.IsAuthenticated == true
                    ? grains.GetGrain<IShopperRecommendationsGrain>(user.GetUserId()).Recommend(page, pageSize)
                    : grains.GetGrain<IPopularProductsGrain>(PopularFeeds.Overall).Top(page, pageSize))
            .WithSummary("Personal recommendations of a signed-in shopper; the popular feed (source Popular) otherwise.");
        recommendations.MapGet("/popular", (IGrainFactory grains, string? category, int page = 1, int pageSize = RecommendationPaging.DefaultPageSize) =>
                grains.GetGrain<IPopularProductsGrain>(category is null ? PopularFeeds.Overall : PopularFeeds.ForCategory(category)).Top(page, pageSize))
            .WithSummary("The most viewed and bought products lately, overall or in a category and its subcategories.");
        recommendations.MapGet("/interests", (ClaimsPrincipal user, IGrainFactory grains) =>
                grains.GetGrain<IShopperRecommendationsGrain>(user.GetUserId()).GetInterests())
            .RequireAuthorization()
            .WithSummary("The categories, brands and products the shopper's recommendations are based on.");

        app.MapGet("/products/{productId:guid}/also-bought", (Guid productId, IGrainFactory grains, int page = 1, int pageSize = RecommendationPaging.DefaultPageSize) =>
                grains.GetGrain<IAlsoBoughtGrain>(productId).List(page, pageSize))
            .WithTags("Products")
            .WithSummary("Products bought in the same orders as this one, most often first.");
        return app;
    }
}
