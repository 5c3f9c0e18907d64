using Marketplace.Media;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Gateways.Public.Media;

public static class MediaEndpoints
{
    /// <summary>Product image variants for shoppers. An image id never gets other bytes, so browsers and CDNs may keep them for good.</summary>
    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/products/{productId:guid}/images/{imageId:guid}/{variant}", GetVariant)
            .WithTags("Media")
            .WithSummary("One variant (thumbnail, card, full) of a product image, as WebP.");
        return app;
    }

    private static async Task<IResult> GetVariant(Guid productId, Guid imageId, string variant, IGrainFactory grains, HttpResponse response)
    {
        var media = await grains.GetGrain<IMediaReaderGrain>(0).GetVariant(productId, imageId, variant);
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.File(media.Content, media.ContentType, entityTag: new EntityTagHeaderValue($"\"{imageId:N}-{variant}\""));
    }
}
