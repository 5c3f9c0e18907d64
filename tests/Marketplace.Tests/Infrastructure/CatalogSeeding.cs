using Marketplace.Catalog;
using Marketplace.Sellers;

namespace Marketplace.Tests.Infrastructure;

/// <summary>The catalog a test starts from, put into a cluster through its grains as the seller gateway would.</summary>
public static class CatalogSeeding
{
    /// <summary>Onboards a seller and activates it, as an operator would.</summary>
    public static async Task<Guid> ActiveSeller(this IGrainFactory grains, string name = "Shop", Guid? sellerId = null)
    {
        var id = sellerId ?? Guid.NewGuid();
        var seller = grains.GetGrain<ISellerGrain>(id);
        await seller.Onboard(new SellerApplication(name, $"{name} LLC", "7707083893",
            new PayoutDetails("Sber", "40702810900000000001", "044525225"), new SellerContact("owner@shop.test", "+7 900 000 00 00")));
        await seller.ChangeStatus(SellerStatus.Active, null);
        return id;
    }

    /// <summary>
    /// Creates the seller's product from the draft, publishes it and waits until moderation approves it, so shoppers
    /// see it and can buy it (a published card is hidden until its first verdict).
    /// </summary>
    public static async Task<ProductSnapshot> PublishedProduct(this IGrainFactory grains, Guid sellerId, ProductDraft draft)
    {
        var published = await grains.PublishAwaitingVerdict(sellerId, draft);
        return await grains.UntilVisible(published.ProductId);
    }

    /// <summary>Creates the seller's product from the draft and publishes it: what publishing answers, before moderation's verdict.</summary>
    public static async Task<ProductSnapshot> PublishAwaitingVerdict(this IGrainFactory grains, Guid sellerId, ProductDraft draft)
    {
        var product = grains.GetGrain<IProductGrain>(Guid.NewGuid());
        var created = await product.Create(sellerId, draft);
        return await product.Publish(sellerId, created.Version);
    }

    /// <summary>The product once shoppers see it, i.e. once moderation approved it.</summary>
    public static Task<ProductSnapshot> UntilVisible(this IGrainFactory grains, Guid productId) =>
        Eventually.Until(() => grains.GetGrain<IProductGrain>(productId).GetPublished(), p => p.Visible, TimeSpan.FromSeconds(15),
            $"moderation approving product {productId}");

    /// <summary>A kettle of one variant, priced and stocked as asked.</summary>
    public static ProductDraft Kettle(decimal price, int stock, string sku = "SKU-1") => new("Kettle", "Boils water.", "home/kitchen", "Acme",
        new Dictionary<string, string>(), [], [new VariantDraft(sku, new Dictionary<string, string>(), price, "RUB", stock)]);
}
