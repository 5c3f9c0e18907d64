using Marketplace.Common;
using Marketplace.Grains.Media;
using Marketplace.Media;
using Marketplace.Tests.Search;

namespace Marketplace.Tests.Media;

/// <summary>The media grains over the filesystem store, with the real catalog grains deciding who owns a product.</summary>
public sealed class ProductMediaGrainTests(StorefrontCluster cluster) : IClassFixture<StorefrontCluster>
{
    [Fact]
    public async Task The_owner_uploads_an_image_and_shoppers_download_its_variants()
    {
        var (sellerId, product) = await cluster.DraftProduct("Delta Decor", StorefrontCluster.Draft("Delta table lamp", "home/lighting"));
        var media = cluster.Grains.GetGrain<IProductMediaGrain>(product.ProductId);

        var image = await media.Upload(sellerId, TestImages.Jpeg(2400, 1200));

        Assert.Equal((product.ProductId, $"media:{image.ImageId}", 2400, 1200, "image/jpeg"),
            (image.ProductId, image.Reference, image.Width, image.Height, image.OriginalContentType));
        Assert.Equal(["thumbnail", "card", "full"], image.Variants.Select(v => v.Name));
        Assert.Equal([image.ImageId], (await media.List()).Select(i => i.ImageId));
        var reader = cluster.Grains.GetGrain<IMediaReaderGrain>(0);
        foreach (var variant in image.Variants)
        {
            Assert.Equal($"/media/products/{product.ProductId}/images/{image.ImageId}/{variant.Name}", variant.Url);
            var content = await reader.GetVariant(product.ProductId, image.ImageId, variant.Name);
            Assert.Equal(("image/webp", variant.Bytes), (content.ContentType, (long)content.Content.Length));
            Assert.Equal("image/webp", ImageProcessor.Sniff(content.Content));
        }
        // The original is kept as uploaded, in its own bucket.
        Assert.True(File.Exists(Path.Combine(cluster.MediaRoot, new MediaOptions().OriginalsBucket, "products", product.ProductId.ToString(), image.ImageId.ToString())));
    }

    [Fact]
    public async Task The_same_bytes_uploaded_twice_are_one_image()
    {
        var (sellerId, product) = await cluster.DraftProduct("Echo Audio", StorefrontCluster.Draft("Echo bookshelf speaker"));
        var media = cluster.Grains.GetGrain<IProductMediaGrain>(product.ProductId);
        var bytes = TestImages.Png(300, 300);

        var first = await media.Upload(sellerId, bytes);
        var retried = await media.Upload(sellerId, bytes);

        Assert.Equal(first.ImageId, retried.ImageId);
        Assert.Single(await media.List());
    }

    [Fact]
    public async Task Only_the_products_seller_may_change_its_images()
    {
        var (sellerId, product) = await cluster.DraftProduct("Fjord Home", StorefrontCluster.Draft("Fjord wool blanket", "home/textiles"));
        var (intruderId, _) = await cluster.DraftProduct("Grift Shop", StorefrontCluster.Draft("Grift thing"));
        var media = cluster.Grains.GetGrain<IProductMediaGrain>(product.ProductId);
        var image = await media.Upload(sellerId, TestImages.Png(64, 64));

        await Assert.ThrowsAsync<ForbiddenException>(() => media.Upload(intruderId, TestImages.Png(80, 80)));
        await Assert.ThrowsAsync<ForbiddenException>(() => media.Remove(intruderId, image.ImageId));
        await Assert.ThrowsAsync<NotFoundException>(() => cluster.Grains.GetGrain<IProductMediaGrain>(Guid.NewGuid()).Upload(sellerId, TestImages.Png(8, 8)));
        Assert.Single(await media.List());
    }

    [Fact]
    public async Task A_removed_image_is_gone_for_shoppers_and_a_bad_upload_is_refused()
    {
        var (sellerId, product) = await cluster.DraftProduct("Harbor Goods", StorefrontCluster.Draft("Harbor rope basket", "home/furniture"));
        var media = cluster.Grains.GetGrain<IProductMediaGrain>(product.ProductId);
        var image = await media.Upload(sellerId, TestImages.Png(500, 400));

        await media.Remove(sellerId, image.ImageId);

        Assert.Empty(await media.List());
        var reader = cluster.Grains.GetGrain<IMediaReaderGrain>(0);
        await Assert.ThrowsAsync<NotFoundException>(() => reader.GetVariant(product.ProductId, image.ImageId, "card"));
        await Assert.ThrowsAsync<NotFoundException>(() => media.Remove(sellerId, image.ImageId));
        var refused = await Assert.ThrowsAsync<ValidationException>(() => media.Upload(sellerId, "GIF89a but not really"u8.ToArray()));
        Assert.Contains("file", refused.Errors.Keys);
    }
}
