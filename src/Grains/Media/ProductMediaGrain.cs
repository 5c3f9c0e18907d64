using System.Security.Cryptography;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Media;
using Marketplace.Sellers;

namespace Marketplace.Grains.Media;

/// <summary>
/// Keeps the list of a product's images; the bytes live in the media store (originals and variants in two buckets).
/// Objects are written before the list, so a listed image always has its files.
/// </summary>
public sealed class ProductMediaGrain(
    [PersistentState("product-media", StorageNames.Products)] IPersistentState<ProductMediaGrain.MediaState> state,
    IMediaStore store,
    ImageProcessor processor,
    ImageProcessingSlots slots,
    MediaOptions options,
    TimeProvider clock)
    : Grain, IProductMediaGrain
{
    private Guid ProductId => this.GetPrimaryKey();

    public async Task<ProductImage> Upload(Guid sellerId, byte[] content)
    {
        await EnsureOwner(sellerId);
        if (await GrainFactory.GetGrain<ISellerGrain>(sellerId).GetStatus() != SellerStatus.Active)
        {
            throw new ConflictException("Only an approved seller who is not suspended can upload images.");
        }
        var hash = Convert.ToHexString(SHA256.HashData(content));
        if (state.State.Images.FirstOrDefault(i => i.ContentHash == hash) is { } existing)
        {
            return existing.Image;
        }
        if (state.State.Images.Count >= options.MaxImagesPerProduct)
        {
            throw new ValidationException("file", $"A product has at most {options.MaxImagesPerProduct} images; remove one first.");
        }

        // Decoding and encoding are CPU work: off the grain's scheduler, which serves other grains meanwhile, and capped per silo.
        var processed = await slots.Run(() => processor.Process(content));
        var imageId = Guid.NewGuid();
        await store.PutAsync(options.OriginalsBucket, OriginalKey(imageId), content, processed.ContentType);
        await Task.WhenAll(processed.Variants.Select(v =>
            store.PutAsync(options.VariantsBucket, VariantKey(ProductId, imageId, v.Spec.Name), v.Content, ImageProcessor.VariantContentType)));

        var image = new ProductImage(imageId, ProductId, MediaPaths.Reference(imageId), processed.Width, processed.Height,
            processed.ContentType, content.Length,
            processed.Variants.Select(v => new ImageVariant(v.Spec.Name, v.Width, v.Height, ImageProcessor.VariantContentType,
                v.Content.Length, MediaPaths.VariantUrl(ProductId, imageId, v.Spec.Name))).ToList(),
            clock.GetUtcNow());
        state.State.Images.Add(new StoredImage { Image = image, ContentHash = hash });
        await state.WriteStateAsync();
        return image;
    }

    public async Task<IReadOnlyList<ProductImage>> List(Guid sellerId)
    {
        await EnsureOwner(sellerId);
        return state.State.Images.Select(i => i.Image).ToList();
    }

    public async Task Remove(Guid sellerId, Guid imageId)
    {
        await EnsureOwner(sellerId);
        var stored = state.State.Images.FirstOrDefault(i => i.Image.ImageId == imageId)
                     ?? throw new NotFoundException($"Product {ProductId} has no image {imageId}.");
        state.State.Images.Remove(stored);
        await state.WriteStateAsync();
        await Task.WhenAll(ImageProcessor.Variants.Select(v => store.DeleteAsync(options.VariantsBucket, VariantKey(ProductId, imageId, v.Name)))
            .Append(store.DeleteAsync(options.OriginalsBucket, OriginalKey(imageId))));
    }

    /// <summary>The product grain knows the owner: NotFoundException for no product, ForbiddenException for another seller's.</summary>
    private Task EnsureOwner(Guid sellerId) => GrainFactory.GetGrain<IProductGrain>(ProductId).GetForSeller(sellerId);

    private string OriginalKey(Guid imageId) => $"products/{ProductId}/{imageId}";

    internal static string VariantKey(Guid productId, Guid imageId, string variant) => $"products/{productId}/{imageId}/{variant}.webp";

    [GenerateSerializer]
    public sealed class MediaState
    {
        [Id(0)] public List<StoredImage> Images { get; set; } = [];
    }

    [GenerateSerializer]
    public sealed class StoredImage
    {
        [Id(0)] public ProductImage Image { get; set; } = null!;

        /// <summary>SHA-256 of the upload, so a retried upload returns the image instead of storing it twice.</summary>
        [Id(1)] public string ContentHash { get; set; } = "";
    }
}
