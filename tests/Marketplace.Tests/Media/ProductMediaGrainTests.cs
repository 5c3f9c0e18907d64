using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Media;
using Marketplace.Media;
using Marketplace.Sellers;
using Marketplace.Tests.Infrastructure;
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
        Assert.Equal([image.ImageId], (await media.List(sellerId)).Select(i => i.ImageId));
        var reader = cluster.Grains.GetGrain<IMediaReaderGrain>(0);
        // A draft's images are not public; the card's are once shoppers see the card.
        await Assert.ThrowsAsync<NotFoundException>(() => reader.GetVariant(product.ProductId, image.ImageId, "card"));
        await PublishWith(sellerId, product, image.Reference);
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
        Assert.Single(await media.List(sellerId));
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
        await Assert.ThrowsAsync<ForbiddenException>(() => media.List(intruderId));
        await Assert.ThrowsAsync<NotFoundException>(() => cluster.Grains.GetGrain<IProductMediaGrain>(Guid.NewGuid()).Upload(sellerId, TestImages.Png(8, 8)));
        Assert.Single(await media.List(sellerId));
    }

    [Fact]
    public async Task Only_an_active_seller_uploads()
    {
        var pendingId = Guid.NewGuid();
        await cluster.Grains.GetGrain<ISellerGrain>(pendingId).Onboard(new SellerApplication("Pending Shop", "Pending Shop LLC", "7707083893",
            new PayoutDetails("Sber", "40702810900000000001", "044525225"), new SellerContact("owner@pending.test", null)));
        var pendingProduct = await cluster.Grains.GetGrain<IProductGrain>(Guid.NewGuid()).Create(pendingId, StorefrontCluster.Draft("Pending lamp"));
        await Assert.ThrowsAsync<ConflictException>(() => cluster.Grains.GetGrain<IProductMediaGrain>(pendingProduct.ProductId).Upload(pendingId, TestImages.Png(64, 64)));

        var (sellerId, product) = await cluster.DraftProduct("Suspended Shop", StorefrontCluster.Draft("Suspended lamp"));
        await cluster.Grains.GetGrain<ISellerGrain>(sellerId).ChangeStatus(SellerStatus.Suspended, "Unpaid fees");
        var media = cluster.Grains.GetGrain<IProductMediaGrain>(product.ProductId);
        await Assert.ThrowsAsync<ConflictException>(() => media.Upload(sellerId, TestImages.Png(64, 64)));
        Assert.Empty(await media.List(sellerId));
    }

    [Fact]
    public async Task Shoppers_get_only_the_images_a_visible_card_lists()
    {
        var (sellerId, product) = await cluster.DraftProduct("Juniper Home", StorefrontCluster.Draft("Juniper vase", "home/furniture"));
        var media = cluster.Grains.GetGrain<IProductMediaGrain>(product.ProductId);
        var listed = await media.Upload(sellerId, TestImages.Png(120, 120));
        var unlisted = await media.Upload(sellerId, TestImages.Jpeg(130, 100));
        var visible = await PublishWith(sellerId, product, listed.Reference);
        var reader = cluster.Grains.GetGrain<IMediaReaderGrain>(0);

        Assert.Equal("image/webp", (await reader.GetVariant(product.ProductId, listed.ImageId, "thumbnail")).ContentType);
        await Assert.ThrowsAsync<NotFoundException>(() => reader.GetVariant(product.ProductId, unlisted.ImageId, "thumbnail"));

        await cluster.Grains.GetGrain<IProductGrain>(product.ProductId).Archive(sellerId, visible.Version);
        await Assert.ThrowsAsync<NotFoundException>(() => reader.GetVariant(product.ProductId, listed.ImageId, "thumbnail"));
    }

    /// <summary>Lists the image on the draft, publishes it and waits until moderation approves it.</summary>
    private async Task<ProductSnapshot> PublishWith(Guid sellerId, ProductSnapshot draft, string reference)
    {
        var product = cluster.Grains.GetGrain<IProductGrain>(draft.ProductId);
        var edited = await product.Edit(sellerId, draft.Version, StorefrontCluster.Draft(draft.Title, draft.Category) with { Images = [reference] });
        await product.Publish(sellerId, edited.Version);
        return await cluster.Grains.UntilVisible(draft.ProductId);
    }

    [Fact]
    public async Task A_removed_image_is_gone_for_shoppers_and_a_bad_upload_is_refused()
    {
        var (sellerId, product) = await cluster.DraftProduct("Harbor Goods", StorefrontCluster.Draft("Harbor rope basket", "home/furniture"));
        var media = cluster.Grains.GetGrain<IProductMediaGrain>(product.ProductId);
        var image = await media.Upload(sellerId, TestImages.Png(500, 400));

        await media.Remove(sellerId, image.ImageId);

        Assert.Empty(await media.List(sellerId));
        var reader = cluster.Grains.GetGrain<IMediaReaderGrain>(0);
        await Assert.ThrowsAsync<NotFoundException>(() => reader.GetVariant(product.ProductId, image.ImageId, "card"));
        await Assert.ThrowsAsync<NotFoundException>(() => media.Remove(sellerId, image.ImageId));
        var refused = await Assert.ThrowsAsync<ValidationException>(() => media.Upload(sellerId, "GIF89a but not really"u8.ToArray()));
        Assert.Contains("file", refused.Errors.Keys);
    }
}
