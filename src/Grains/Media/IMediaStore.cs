namespace Marketplace.Grains.Media;

/// <summary>
/// Where product images live: an S3-protocol object store in the durable profile, a folder in the in-memory
/// profile. Buckets are created on first use.
/// </summary>
public interface IMediaStore
{
    /// <summary>Writes the object, replacing any object under the same key.</summary>
    Task PutAsync(string bucket, string key, byte[] content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>The object, or null when there is none under the key.</summary>
    Task<MediaObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Removes the object; a no-op when there is none.</summary>
    Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default);
}

public sealed record MediaObject(byte[] Content, string ContentType);
