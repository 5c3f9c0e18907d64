using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.Sellers;
using Marketplace.ServiceDefaults.Http;

namespace Marketplace.Gateways.Public.Catalog;

/// <summary>What shoppers browse without signing in: published products, categories and active sellers' storefronts.</summary>
public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/products").WithTags("Products");
        products.MapGet("/{productId:guid}", (Guid productId, HttpContext http, IClusterClient cluster, PublishedCards cards) =>
                cards.Read(http, cluster, productId))
            .WithSummary("A visible product card; its ETag changes with everything it shows (If-None-Match: 304).");

        var categories = app.MapGroup("/categories").WithTags("Categories");
        categories.MapGet("/", () => Categories.All);
        // Category ids are paths ("electronics/phones"): a root and a leaf route rather than an encoded slash.
        categories.MapGet("/{root}/products", (string root, IClusterClient cluster, int page = 1, int pageSize = 24, string? sort = null, string? after = null) =>
                cluster.GetGrain<ICatalogListingsGrain>(0).Category(root, new ListingQuery(page, pageSize, ListingSorts.Parse(sort), After: after)))
            .WithSummary("A category's published products; pass the page's 'next' as 'after' for the following page.");
        categories.MapGet("/{root}/{leaf}/products", (string root, string leaf, IClusterClient cluster, int page = 1, int pageSize = 24, string? sort = null,
                string? after = null) =>
                cluster.GetGrain<ICatalogListingsGrain>(0).Category($"{root}/{leaf}", new ListingQuery(page, pageSize, ListingSorts.Parse(sort), After: after)))
            .WithSummary("A subcategory's published products; pass the page's 'next' as 'after' for the following page.");

        var sellers = app.MapGroup("/sellers").WithTags("Sellers");
        sellers.MapGet("/{sellerId:guid}", (Guid sellerId, IClusterClient cluster) => cluster.GetGrain<ISellerGrain>(sellerId).GetPublic());
        sellers.MapGet("/{sellerId:guid}/products", async (Guid sellerId, IClusterClient cluster, int page = 1, int pageSize = 24, string? sort = null,
            string? after = null) =>
        {
            // A suspended or unknown seller has no storefront (404), even while its listing still holds products.
            await cluster.GetGrain<ISellerGrain>(sellerId).GetPublic();
            return await cluster.GetGrain<ICatalogListingsGrain>(0).Seller(sellerId, new ListingQuery(page, pageSize, ListingSorts.Parse(sort), After: after));
        }).WithSummary("An active seller's storefront: its published products; pass the page's 'next' as 'after' for the following page.");

        return app;
    }
}
