using System.Security.Claims;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.Promotions;
using Marketplace.ServiceDefaults.Http;

namespace Marketplace.Gateways.Seller.Promotions;

/// <summary>
/// Operators' platform promo codes (operator token): create, read, edit and switch off a code, and list every code,
/// newest first, from its projection table. Edits need the code's ETag in If-Match (428 without, 412 when stale).
/// </summary>
public static class PromoCodeEndpoints
{
    public static IEndpointRouteBuilder MapPromoCodes(this IEndpointRouteBuilder app)
    {
        var codes = app.MapGroup("/operator/promo-codes").WithTags("Promo codes").RequireAuthorization(MarketplacePolicies.Operator);

        codes.MapPost("/", async Task<IResult> (NewPromoCode request, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
            {
                var code = PromoCodes.Normalize(request.Code);
                var created = await cluster.GetGrain<IPromoCodeGrain>(code).Create(user.GetUserId(), request.Terms());
                return http.Versioned(created, created.Version, StatusCodes.Status201Created, $"/operator/promo-codes/{code}");
            })
            .WithSummary("Creates a platform promo code (percentage or fixed, minimum order, categories and sellers it covers, per-shopper limit, budget, period). Repeating it with the same terms returns the code; other terms are a 409.");

        codes.MapGet("/", (IClusterClient cluster, int page = 1, int pageSize = 20, string? after = null) =>
                cluster.GetGrain<IPromoCodeListGrain>(0).List(page, pageSize, after))
            .WithSummary("Every promo code, newest first, with its redemptions; pass a page's 'next' as 'after' for the following page.");

        codes.MapGet("/{code}", async Task<IResult> (string code, HttpContext http, IClusterClient cluster) =>
                Versioned(http, await Code(cluster, code).Get()))
            .WithSummary("One code with its terms, redeemed and reserved counts and ETag.");

        codes.MapPut("/{code}", async Task<IResult> (string code, PromoCodeDraft terms, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
                Versioned(http, await Code(cluster, code).Edit(user.GetUserId(), http.Request.RequiredIfMatch(), terms)))
            .WithSummary("Replaces a code's terms; the budget cannot go below what is already redeemed or reserved.");

        codes.MapPut("/{code}/status", async Task<IResult> (string code, PromoCodeStatusChange change, ClaimsPrincipal user, HttpContext http, IClusterClient cluster) =>
                Versioned(http, await Code(cluster, code).SetStatus(user.GetUserId(), http.Request.RequiredIfMatch(), change.Status)))
            .WithSummary("Disables a code (no new redemptions; those made stand) or enables it again.");

        return app;
    }

    private static IPromoCodeGrain Code(IClusterClient cluster, string code) => cluster.GetGrain<IPromoCodeGrain>(PromoCodes.Normalize(code));

    private static IResult Versioned(HttpContext http, PromoCodeView code) => http.Versioned(code, code.Version);

    /// <summary>A new code and its terms (see <see cref="PromoCodeDraft"/>).</summary>
    public sealed record NewPromoCode(string Code, PromoDiscountKind Kind, decimal Value, string Currency, decimal MinOrderAmount, IReadOnlyList<string>? Categories,
        IReadOnlyList<Guid>? Sellers, int PerShopperLimit, int MaxRedemptions, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Description = null)
    {
        public PromoCodeDraft Terms() => new(Kind, Value, Currency, MinOrderAmount, Categories, Sellers, PerShopperLimit, MaxRedemptions, StartsAt, EndsAt, Description);
    }

    public sealed record PromoCodeStatusChange(PromoCodeStatus Status);
}
