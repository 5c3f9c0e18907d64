namespace Marketplace.Grains.Media;

public enum MediaStoreKind
{
    /// <summary>A folder on the silo's disk (<see cref="MediaOptions.Root"/>): the in-memory profile.</summary>
    FileSystem,

    /// <summary>An S3-protocol object store (<see cref="MediaOptions.S3"/>).</summary>
    S3,
}

/// <summary>Where product images go and what is accepted. Bound from the <c>Media</c> section.</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>Unset: S3 when <see cref="S3Options.ServiceUrl"/> is set, the filesystem otherwise.</summary>
    public MediaStoreKind? Store { get; set; }

    /// <summary>The folder of the filesystem store; default {temp}/marketplace-media.</summary>
    public string? Root { get; set; }

    public S3Options S3 { get; set; } = new();

    /// <summary>Uploads as the seller sent them.</summary>
    public string OriginalsBucket { get; set; } = "product-media-originals";

    /// <summary>The resized, re-encoded variants shoppers download.</summary>
    public string VariantsBucket { get; set; } = "product-media";

    public int MaxImageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Guards against decompression bombs (a small file that decodes to gigabytes), read from the header before any
    /// decoding. It also bounds what a progressive JPEG's decoder holds besides the pixels (about 3 bytes a pixel).
    /// </summary>
    public long MaxImagePixels { get; set; } = 25_000_000;

    /// <summary>
    /// The most one decode may take (4 bytes a pixel). JPEG and WebP are decoded at about the largest variant's size,
    /// so only PNG and GIF, which decode whole, meet it: 32 MB is 8 megapixels.
    /// </summary>
    public long MaxDecodedBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Images a silo decodes and encodes at once; further uploads wait their turn.</summary>
    public int MaxConcurrentProcessing { get; set; } = 2;

    /// <summary>Uploads that may wait for a turn on one silo; beyond them an upload is refused (503, Retry-After) rather than held in memory.</summary>
    public int MaxWaitingUploads { get; set; } = 8;

    public int MaxImagesPerProduct { get; set; } = 20;

    public MediaStoreKind EffectiveStore => Store ?? (S3.ServiceUrl is null ? MediaStoreKind.FileSystem : MediaStoreKind.S3);
}

public sealed class S3Options
{
    /// <summary>The S3 endpoint, e.g. http://127.0.0.1:54568 (s3rver, path-style). Unset: AWS itself, by <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>No default: each deployment has its own keys (deploy/local/up.sh generates them, tests/run.sh too).</summary>
    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    public string Region { get; set; } = "us-east-1";
}
