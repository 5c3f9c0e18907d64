using Marketplace.Common;
using Marketplace.Media;
using Orleans.Concurrency;

namespace Marketplace.Grains.Media;

/// <summary>Reads variants straight from the store by their derived key: no product grain is activated per download.</summary>
[StatelessWorker]
public sealed class MediaReaderGrain(IMediaStore store, MediaOptions options) : Grain, IMediaReaderGrain
{
    public async Task<MediaContent> GetVariant(Guid productId, Guid imageId, string variant)
    {
        if (ImageProcessor.Variants.All(v => v.Name != variant))
        {
            throw new NotFoundException($"There is no '{variant}' variant; try {string.Join(", ", ImageProcessor.Variants.Select(v => v.Name))}.");
        }
        var stored = await store.GetAsync(options.VariantsBucket, ProductMediaGrain.VariantKey(productId, imageId, variant))
                     ?? throw new NotFoundException($"Image {imageId} of product {productId} does not exist.");
        return new MediaContent(stored.Content, stored.ContentType);
    }
}
