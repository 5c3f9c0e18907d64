using System.Security.Claims;
using Marketplace.Cart;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.Gateways.RateLimiting;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.ServiceDefaults.Http;

namespace Marketplace.Gateways.Public.Ordering;

public static class OrderingEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Shoppers' checkout and orders: POST /checkout, GET /orders, GET /orders/{id}, POST /orders/{id}/cancel, GET /purchases.</summary>
    public static IEndpointRouteBuilder MapOrdering(this IEndpointRouteBuilder app)
    {
        app.MapPost("/checkout", Checkout).WithTags("Orders").RequireAuthorization().RequireRateLimiting(MarketplaceRateLimits.Checkout)
            .WithSummary("Orders the cart (or the given items) and pays for it, priced on the server (sales, and the promo code given or the cart's). Requires an Idempotency-Key header: a repeat returns the same order. 409 when an item is out of stock.");
        var orders = app.MapGroup("/orders").WithTags("Orders").RequireAuthorization();
        orders.MapGet("/", List).WithSummary("The shopper's orders, newest first.");
        orders.MapGet("/{orderId:guid}", (Guid orderId, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.GetGrain<IOrderGrain>(orderId).GetFor(user.GetUserId())).WithSummary("One order with its sub-orders and status history.");
        orders.MapPost("/{orderId:guid}/cancel", (Guid orderId, CancelOrderRequest? body, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.GetGrain<IOrderGrain>(orderId).Cancel(user.GetUserId(), body?.Reason))
            .WithSummary("Cancels the order before anything shipped: stock goes back, held money is released.");
        app.MapGet("/purchases", Purchases).WithTags("Orders").RequireAuthorization()
            .WithSummary("The shopper's purchase history: every product bought (Bought, or Received once delivered), newest first; cancelled and undelivered ones are left out.");
        return app;
    }

    private static async Task<IResult> Checkout(CheckoutRequest request, HttpRequest http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var key = http.Headers[IdempotencyHeader].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            throw new ValidationException(IdempotencyHeader, "Send an Idempotency-Key header of 1 to 200 characters.");
        }
        var shopperId = user.GetUserId();
        var buyNow = request.Items is { Count: > 0 };
        List<OrderLineRequest> lines = buyNow ? request.Items!.Select(i => new OrderLineRequest(i.ProductId, i.Sku, i.Quantity)).ToList() : [];
        var cartKey = buyNow ? null : CartKeys.ForUser(shopperId);
        var paymentMethod = request.PaymentMethod ?? "";
        var order = await grains.GetGrain<IOrderGrain>(OrderIds.ForCheckout(shopperId, key)).Place(new PlaceOrder(
            shopperId, CheckoutFingerprint.Of(lines, request.Address!, paymentMethod, cartKey, request.PromoCode), lines, request.Address!, paymentMethod, cartKey,
            request.PromoCode));
        // A shopper who lost the race for the last units is told so in the answer, as one whose cart ran out is: 409,
        // naming the failed order (still readable, with its reason).
        return order.Failure == CheckoutFailure.OutOfStock
            ? TypedResults.Problem(order.FailureReason, $"/orders/{order.OrderId}", StatusCodes.Status409Conflict, "Out of stock",
                extensions: new Dictionary<string, object?> { ["orderId"] = order.OrderId })
            : Results.Created($"/orders/{order.OrderId}", order);
    }

    private static Task<PagedList<OrderSummary>> List(ClaimsPrincipal user, IGrainFactory grains, int? page, int? pageSize, string? after) =>
        grains.GetGrain<IOrderListsGrain>(0).Shopper(user.GetUserId(), page ?? 1, pageSize ?? 20, after);

    private static Task<PagedList<ProductPurchase>> Purchases(ClaimsPrincipal user, IGrainFactory grains, int? page, int? pageSize, string? after) =>
        grains.GetGrain<IPurchaseHistoryGrain>(0).List(user.GetUserId(), page ?? 1, pageSize ?? 20, after);
}

/// <summary>
/// Orders the shopper's cart, or with <paramref name="Items"/> just those items ("buy now", the cart untouched).
/// <paramref name="PaymentMethod"/> is the card processor's token of the card (for instance pm_card_visa in test mode).
/// <paramref name="PromoCode"/> is a platform promo code to redeem (without one, the cart's code applies to a cart order).
/// </summary>
public sealed record CheckoutRequest(DeliveryAddress? Address, string? PaymentMethod, IReadOnlyList<CheckoutItem>? Items = null, string? PromoCode = null);

public sealed record CheckoutItem(Guid ProductId, string Sku, int Quantity);

public sealed record CancelOrderRequest(string? Reason);
