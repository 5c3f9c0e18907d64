using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Recommendations.Events;

namespace Marketplace.Grains.Recommendations;

/// <summary>Reads of product cards shared by activity recording and every list of recommended products.</summary>
internal static class ProductLookups
{
    /// <summary>The products shoppers can buy now (visible and in stock), in the order given; the rest are left out.</summary>
    public static async Task<IReadOnlyList<ProductSummary>> OnSale(this IGrainFactory grains, IEnumerable<Guid> productIds)
    {
        var found = await Task.WhenAll(productIds.Select(async id =>
            await Published(grains, id) is { InStock: true } product ? ProductSummary.Of(product) : null));
        return found.OfType<ProductSummary>().ToList();
    }

    /// <summary>What activity records of a product, or null when it is not on sale.</summary>
    public static async Task<ActivityProduct?> Describe(this IGrainFactory grains, Guid productId) =>
        await Published(grains, productId) is { } product
            ? new ActivityProduct(product.ProductId, product.Title, product.Category, product.Brand)
            : null;

    public static string CategoryName(string categoryId) =>
        Categories.All.FirstOrDefault(c => c.Id == categoryId)?.Name ?? categoryId;

    private static async Task<ProductSnapshot?> Published(IGrainFactory grains, Guid productId)
    {
        try
        {
            return await grains.GetGrain<IProductGrain>(productId).GetPublished();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
