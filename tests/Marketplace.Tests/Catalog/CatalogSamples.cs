using Marketplace.Catalog;
using Marketplace.Sellers;

namespace Marketplace.Tests.Catalog;

public static class CatalogSamples
{
    /// <summary>An onboarded seller, activated unless told otherwise.</summary>
    public static async Task<Guid> NewSeller(this IGrainFactory grains, bool active = true)
    {
        var sellerId = Guid.NewGuid();
        var seller = grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Onboard(Application());
        if (active)
        {
            await seller.ChangeStatus(SellerStatus.Active, null);
        }
        return sellerId;
    }

    public static SellerApplication Application(string displayName = "Acme Store") => new(
        displayName, "Acme LLC", "7707083893",
        new PayoutDetails("Sber", "40702810900000000001", "044525225"),
        new SellerContact("owner@acme.test", "+7 900 000 00 00"));

    public static ProductDraft Draft(string title = "Trail running shoe", params VariantDraft[] variants) => new(
        title, "Light shoe for rough trails.", "clothing/shoes", "Acme",
        new Dictionary<string, string> { ["material"] = "mesh" },
        [],
        variants.Length > 0
            ? variants
            : [new VariantDraft("SHOE-42", new Dictionary<string, string> { ["size"] = "42" }, 4990m, "RUB", 10),
               new VariantDraft("SHOE-43", new Dictionary<string, string> { ["size"] = "43" }, 4990m, "RUB", 0)]);

    public static VariantDraft Variant(string sku, decimal price, int stock = 5) => new(sku, null, price, "RUB", stock);
}
