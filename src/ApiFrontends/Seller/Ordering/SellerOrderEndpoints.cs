using System.Security.Claims;
using Marketplace.Gateways.Identity;
using Marketplace.Ordering;

namespace Marketplace.Gateways.Seller.Ordering;

public static class SellerOrderEndpoints
{
    /// <summary>A seller's sub-orders: GET /orders and GET /orders/{id}, its own only.</summary>
    public static IEndpointRouteBuilder MapSellerOrders(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/orders").WithTags("Orders").RequireAuthorization();
        orders.MapGet("/", (ClaimsPrincipal user, IGrainFactory grains, int? page, int? pageSize, string? after) =>
            grains.GetGrain<IOrderListsGrain>(0).Seller(user.GetUserId(), page ?? 1, pageSize ?? 20, after))
            .WithSummary("The seller's sub-orders, newest first; pass the page's 'next' as 'after' for the following page.");
        orders.MapGet("/{sellerOrderId:guid}", (Guid sellerOrderId, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.GetGrain<ISellerOrderGrain>(sellerOrderId).GetForSeller(user.GetUserId()))
            .WithSummary("One sub-order with its status history; 404 unless it is the seller's.");
        return app;
    }
}
