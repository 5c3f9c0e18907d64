using Marketplace.Cart;
using Marketplace.Gateways.Identity;
using Marketplace.Gateways.RateLimiting;
using Marketplace.Identity;
using Marketplace.ServiceDefaults.Http;
using HeaderNames = Microsoft.Net.Http.Headers.HeaderNames;

namespace Marketplace.Gateways.Public;

public sealed record AddToCartRequest(Guid ProductId, string Sku, int Quantity = 1);

public sealed record SetQuantityRequest(int Quantity);

public sealed record PromoCodeRequest(string Code);

/// <summary>
/// /cart: a signed-in shopper's cart, or before sign-in an anonymous cart named by the <c>X-Cart-Id</c> header or the
/// <c>cart_id</c> cookie (issued on first use and echoed in both). Signing in merges the anonymous cart.
/// </summary>
public static class CartEndpoints
{
    public const string CartIdHeader = "X-Cart-Id";
    public const string CartIdCookie = "cart_id";
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapCart(this IEndpointRouteBuilder routes)
    {
        var cart = routes.MapGroup("/cart").WithTags("Cart").RequireRateLimiting(MarketplaceRateLimits.Cart);
        cart.MapGet("/", (HttpContext http, IClusterClient cluster) => OnCart(http, cluster, grain => grain.Get()));
        cart.MapPost("/items", (AddToCartRequest request, HttpContext http, IClusterClient cluster) =>
            OnCart(http, cluster, grain => grain.Add(new CartItem(request.ProductId, request.Sku), request.Quantity,
                http.Request.Headers[IdempotencyKeyHeader].FirstOrDefault())));
        cart.MapPut("/items/{productId:guid}/{sku}", (Guid productId, string sku, SetQuantityRequest request, HttpContext http, IClusterClient cluster) =>
            OnCart(http, cluster, grain => grain.SetQuantity(new CartItem(productId, sku), request.Quantity)));
        cart.MapDelete("/items/{productId:guid}/{sku}", (Guid productId, string sku, HttpContext http, IClusterClient cluster) =>
            OnCart(http, cluster, grain => grain.Remove(new CartItem(productId, sku))));
        cart.MapPost("/accept-prices", (HttpContext http, IClusterClient cluster) => OnCart(http, cluster, grain => grain.AcceptPrices()));
        cart.MapPut("/promo-code", (PromoCodeRequest request, HttpContext http, IClusterClient cluster) =>
                OnCart(http, cluster, grain => grain.ApplyPromoCode(request.Code)))
            .WithSummary("Keeps a platform promo code on the cart: every answer shows what it takes off each line, or why it does not apply; checkout redeems it. 404 for an unknown code.");
        cart.MapDelete("/promo-code", (HttpContext http, IClusterClient cluster) => OnCart(http, cluster, grain => grain.RemovePromoCode()))
            .WithSummary("Drops the cart's promo code.");
        cart.MapDelete("/", (HttpContext http, IClusterClient cluster) => OnCart(http, cluster, async grain =>
        {
            await grain.Clear();
            return await grain.Get();
        }));
        return routes;
    }

    private static async Task<IResult> OnCart(HttpContext http, IClusterClient cluster, Func<ICartGrain, Task<CartView>> action)
    {
        string key;
        if (http.User.Identity?.IsAuthenticated == true)
        {
            key = CartKeys.ForUser(http.User.GetUserId());
        }
        else if (http.Request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            // A token that failed must not quietly fall back to an anonymous cart.
            return TypedResults.Unauthorized();
        }
        else
        {
            var cartId = AnonymousCartId(http.Request) ?? CartKeys.NewAnonymousCartId();
            http.Response.Headers[CartIdHeader] = cartId.ToString("N");
            http.Response.Cookies.Append(CartIdCookie, cartId.ToString("N"), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(30),
            });
            key = CartKeys.ForAnonymous(cartId);
        }
        return TypedResults.Ok(await action(cluster.GetGrain<ICartGrain>(key)));
    }

    internal static Guid? AnonymousCartId(HttpRequest request)
    {
        var value = request.Headers[CartIdHeader].FirstOrDefault() ?? request.Cookies[CartIdCookie];
        return Guid.TryParse(value, out var id) ? id : null;
    }
}

/// <summary>Signing in moves the anonymous cart the request names into the shopper's cart.</summary>
public sealed class AnonymousCartMerge(IClusterClient cluster) : ISignInObserver
{
    public async Task OnSignedIn(HttpContext http, SessionGrant session, CancellationToken cancellationToken)
    {
        if (session.Role != UserRole.Shopper || CartEndpoints.AnonymousCartId(http.Request) is not { } cartId)
        {
            return;
        }
        await cluster.GetGrain<ICartGrain>(CartKeys.ForUser(session.UserId))
            .MergeFrom(CartKeys.ForAnonymous(cartId))
            .WaitAsync(cancellationToken);
        http.Response.Cookies.Delete(CartEndpoints.CartIdCookie);
    }
}
