using Marketplace.Gateways.Identity;
using Marketplace.Search;

namespace Marketplace.Gateways.Seller.Search;

public static class SearchOperatorEndpoints
{
    /// <summary>POST /operator/search/rebuild: operators re-feed the search index from the catalog, e.g. after a restart lost events.</summary>
    public static IEndpointRouteBuilder MapSearchOperations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/operator/search/rebuild", (IClusterClient cluster) => cluster.GetGrain<ISearchIndexRebuildGrain>(0).Rebuild())
            .WithTags("Operator")
            .RequireAuthorization(MarketplacePolicies.Operator)
            .WithSummary("Re-reads every product and seller from its grain into the search index; answers how many and how long.");
        return app;
    }
}
