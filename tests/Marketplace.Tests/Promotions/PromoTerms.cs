using System.Net;
using System.Net.Http.Json;

namespace Marketplace.Tests.Promotions;

/// <summary>A platform promo code's terms as operators post them to <c>/operator/promo-codes</c>.</summary>
internal sealed record PromoTerms(string Code, string Kind, decimal Value, string Currency, decimal MinOrderAmount, string[] Categories, Guid[] Sellers,
    int PerShopperLimit, int MaxRedemptions, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Description)
{
    /// <summary>A code in roubles running from a minute ago for a week: <paramref name="percent"/> off, else <paramref name="fixedAmount"/> off.</summary>
    public static PromoTerms Of(string code, int? percent = null, decimal? fixedAmount = null, decimal minimum = 0, Guid[]? sellers = null, int budget = 10) => new(
        code, percent is null ? "Fixed" : "Percentage", percent ?? fixedAmount ?? 0, "RUB", minimum, [], sellers ?? [], 1, budget,
        DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(7), "test code");

    /// <summary>A fresh code name (codes are global: each test takes its own).</summary>
    public static string NewCode(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    /// <summary>Defines the code as an operator of the seller gateway; fails the test unless it was created.</summary>
    public async Task DefineAsync(HttpClient operatorClient)
    {
        using var created = await operatorClient.PostAsJsonAsync("/operator/promo-codes", this);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"POST /operator/promo-codes answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
    }
}
