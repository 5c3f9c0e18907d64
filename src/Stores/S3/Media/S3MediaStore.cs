using System.Collections.Concurrent;
using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Marketplace.Grains.Media;

/// <summary>Objects in an S3-protocol store (AWS S3, or s3rver on loopback in the local stack).</summary>
public sealed class S3MediaStore(IAmazonS3 client) : IMediaStore
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _buckets = new(StringComparer.Ordinal);

    /// <summary>A client of the configured S3 server (<see cref="MediaOptions.S3"/>).</summary>
    public static IAmazonS3 CreateClient(S3Options options)
    {
        var config = new AmazonS3Config
        {
            // Path-style addressing (http://host/bucket/key): what s3rver and most S3-compatible servers on loopback speak.
            ForcePathStyle = options.ServiceUrl is not null,
            AuthenticationRegion = options.Region,
            // Checksums only where the API requires them: S3-compatible servers do not all understand the trailing ones.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    public async Task PutAsync(string bucket, string key, byte[] content, string contentType, CancellationToken cancellationToken = default)
    {
        await EnsureBucketAsync(bucket, cancellationToken);
        using var body = new MemoryStream(content, writable: false);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            ContentType = contentType,
            AutoCloseStream = false,
            // A signed payload in one piece rather than aws-chunked: images are small and every S3-compatible server reads it.
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    public async Task<MediaObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await client.GetObjectAsync(bucket, key, cancellationToken);
            using var content = new MemoryStream(response.ContentLength > 0 ? (int)response.ContentLength : 0);
            await response.ResponseStream.CopyToAsync(content, cancellationToken);
            return new MediaObject(content.ToArray(), response.Headers.ContentType);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.DeleteObjectAsync(bucket, key, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // No bucket yet means no object either.
        }
    }

    /// <summary>Creates the bucket once per process; a failed attempt is retried by the next write.</summary>
    private async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        var creation = _buckets.GetOrAdd(bucket, b => new Lazy<Task>(() => CreateBucketAsync(b)));
        try
        {
            await creation.Value.WaitAsync(cancellationToken);
        }
        catch
        {
            _buckets.TryRemove(new KeyValuePair<string, Lazy<Task>>(bucket, creation));
            throw;
        }
    }

    private async Task CreateBucketAsync(string bucket)
    {
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }
}
