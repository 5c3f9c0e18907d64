using System.Text.Json;

namespace Marketplace.Tests.Promotions;

/// <summary>A price breakdown as the gateways answer it: (paid, list total, seller-funded, platform-funded).</summary>
internal static class Breakdowns
{
    public static (decimal Paid, decimal List, decimal Seller, decimal Promo) Money(JsonElement breakdown) => (breakdown.GetProperty("paid").GetDecimal(),
        breakdown.GetProperty("listTotal").GetDecimal(), breakdown.GetProperty("sellerDiscount").GetDecimal(), breakdown.GetProperty("promoDiscount").GetDecimal());
}
