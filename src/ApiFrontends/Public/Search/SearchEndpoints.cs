using System.Security.Claims;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.Gateways.RateLimiting;
using Marketplace.Recommendations;
using Marketplace.Search;
using Marketplace.ServiceDefaults.Http;

namespace Marketplace.Gateways.Public.Search;

public static class SearchEndpoints
{
    /// <summary>Shoppers' search: GET /search/products and GET /search/sellers.</summary>
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/search").WithTags("Search").RequireRateLimiting(MarketplaceRateLimits.Search);
        search.MapGet("/products", SearchProducts)
            .WithSummary("Full-text product search with filters, category and brand facets, sorting and paging; forgives typos.");
        search.MapGet("/sellers", SearchSellers)
            .WithSummary("Active sellers by name.");
        return app;
    }

    private static Task<ProductSearchResult> SearchProducts(IGrainFactory grains, ClaimsPrincipal user,
        string? q, string? category, string? brand, decimal? minPrice, decimal? maxPrice, Guid? sellerId, bool? inStock,
        string? sort, int? page, int? pageSize)
    {
        if (!ProductSorts.TryParse(sort, out var order))
        {
            throw new ValidationException("sort", $"Sort by one of: {string.Join(", ", ProductSorts.Names)}.");
        }
        var query = new ProductSearchQuery(q, category, brand, minPrice, maxPrice, sellerId, inStock, order, page ?? 1, pageSize ?? SearchLimits.DefaultPageSize);
        return grains.GetGrain<IShopperBrowsingGrain>(0).SearchProducts(query, user.SignedInUserId());
    }

    private static Task<SellerSearchResult> SearchSellers(IGrainFactory grains, string? q, int? page, int? pageSize) =>
        grains.GetGrain<ISearchGrain>(0).SearchSellers(new SellerSearchQuery(q, page ?? 1, pageSize ?? SearchLimits.DefaultPageSize));
}
