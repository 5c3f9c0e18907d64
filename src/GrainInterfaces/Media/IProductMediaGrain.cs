namespace Marketplace.Media;

/// <summary>
/// The images of one product (key: product id). Uploads are checked (format by magic bytes, a full decode,
/// size and pixel limits), their original kept and resized, re-encoded variants made; only the product's seller may
/// change them (ForbiddenException otherwise).
/// </summary>
public interface IProductMediaGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Stores the image and its variants. ConflictException unless the seller is active (approved, not suspended);
    /// ValidationException on field <c>file</c> for a non-image, a damaged image or one over the limits;
    /// ServiceBusyException when the silo processes as many images as it may. Uploading the same bytes again returns
    /// the image already stored.
    /// </summary>
    Task<ProductImage> Upload(Guid sellerId, byte[] content);

    /// <summary>The product's images, for its seller only (ForbiddenException otherwise).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<ProductImage>> List(Guid sellerId);

    /// <summary>Deletes the image and its variants; NotFoundException when the product has no such image.</summary>
    Task Remove(Guid sellerId, Guid imageId);
}

/// <summary>Serves stored image variants to shoppers (a stateless worker: use key 0).</summary>
public interface IMediaReaderGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The variant's bytes; NotFoundException when there is no such image or variant, or when the image is not on a
    /// card shoppers see (a draft, an archived or moderated-away card, a suspended seller's, or an upload the card does not list).
    /// </summary>
    Task<MediaContent> GetVariant(Guid productId, Guid imageId, string variant);
}

/// <summary>
/// One uploaded image. <see cref="Reference"/> ("media:{imageId}") is what a product card lists among its images;
/// each variant's <see cref="ImageVariant.Url"/> is served by the public gateway.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductImage(
    [property: Id(0)] Guid ImageId,
    [property: Id(1)] Guid ProductId,
    [property: Id(2)] string Reference,
    [property: Id(3)] int Width,
    [property: Id(4)] int Height,
    [property: Id(5)] string OriginalContentType,
    [property: Id(6)] long OriginalBytes,
    [property: Id(7)] IReadOnlyList<ImageVariant> Variants,
    [property: Id(8)] DateTimeOffset UploadedAt);

[GenerateSerializer, Immutable]
public sealed record ImageVariant(
    [property: Id(0)] string Name,
    [property: Id(1)] int Width,
    [property: Id(2)] int Height,
    [property: Id(3)] string ContentType,
    [property: Id(4)] long Bytes,
    [property: Id(5)] string Url);

[GenerateSerializer, Immutable]
public sealed record MediaContent(
    [property: Id(0)] byte[] Content,
    [property: Id(1)] string ContentType);

/// <summary>Where things are: the variants' public URLs and the object keys behind them.</summary>
public static class MediaPaths
{
    public static string VariantUrl(Guid productId, Guid imageId, string variant) =>
        $"/media/products/{productId}/images/{imageId}/{variant}";

    public static string Reference(Guid imageId) => $"media:{imageId}";
}
