using Marketplace.Catalog;
using Marketplace.Sellers;

namespace Marketplace.Grains.Search;

/// <summary>What the index keeps of a product card and of a seller.</summary>
internal static class SearchDocuments
{
    public static ProductDocument Of(ProductSnapshot product, long sequence)
    {
        var cheapest = product.Variants.MinBy(v => v.Price);
        return new ProductDocument(product.ProductId, sequence, product.Released, product.SellerId,
            product.Title, product.Description, product.Category, product.Brand, cheapest?.Price ?? 0, cheapest?.Currency ?? "",
            product.InStock, product.Images.FirstOrDefault(), product.PublishedAt ?? product.CreatedAt);
    }

    public static SellerDocument Of(Guid sellerId, string displayName, SellerStatus status, long version) =>
        new(sellerId, version, status == SellerStatus.Active, displayName);
}
