using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Media;
using Orleans.Concurrency;

namespace Marketplace.Grains.Media;

/// <summary>
/// Reads variants straight from the store by their derived key, after asking the product (from its activation's memory)
/// whether shoppers may see the card and whether it lists the image.
/// </summary>
[StatelessWorker]
public sealed class MediaReaderGrain(IMediaStore store, MediaOptions options) : Grain, IMediaReaderGrain
{
    public async Task<MediaContent> GetVariant(Guid productId, Guid imageId, string variant)
    {
        if (ImageProcessor.Variants.All(v => v.Name != variant))
        {
            throw new NotFoundException($"There is no '{variant}' variant; try {string.Join(", ", ImageProcessor.Variants.Select(v => v.Name))}.");
        }
        // Only what moderation released is public: the visible card must list the image (NotFound for any other card).
        var card = await GrainFactory.GetGrain<IProductGrain>(productId).GetPublished();
        if (!card.Images.Contains(MediaPaths.Reference(imageId)))
        {
            throw new NotFoundException($"Image {imageId} of product {productId} does not exist.");
        }
        var stored = await store.GetAsync(options.VariantsBucket, ProductMediaGrain.VariantKey(productId, imageId, variant))
                     ?? throw new NotFoundException($"Image {imageId} of product {productId} does not exist.");
        return new MediaContent(stored.Content, stored.ContentType);
    }
}
