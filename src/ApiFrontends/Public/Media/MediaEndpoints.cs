using Marketplace.Media;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Gateways.Public.Media;

public static class MediaEndpoints
{
    /// <summary>
    /// Product image variants of the cards shoppers see. An image id never gets other bytes, but a card can be blocked
    /// or archived: caches keep a variant for minutes, then revalidate (ETag), which asks again whether it is public.
    /// </summary>
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
        response.Headers.CacheControl = "public, max-age=300";
        return Results.File(media.Content, media.ContentType, entityTag: new EntityTagHeaderValue($"\"{imageId:N}-{variant}\""));
    }
}
