using Marketplace.Grains.Media;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Media;

/// <summary>The media store contract on a folder of the test machine (the in-memory profile's store).</summary>
public sealed class FileSystemMediaStoreTests : MediaStoreContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("media-store-").FullName;

    protected override IMediaStore Store => new FileSystemMediaStore(_root);

    [Fact]
    public async Task A_key_cannot_leave_its_bucket()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync("bucket", "../other/key", [1], "image/png"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

/// <summary>The media store contract on the real S3-protocol server (s3rver; MARKETPLACE_S3), through AWSSDK.S3 with signature v4.</summary>
public sealed class S3MediaStoreTests : MediaStoreContract
{
    protected override IMediaStore Store { get; } = new S3MediaStore(MediaServiceCollectionExtensions.CreateS3Client(new S3Options { ServiceUrl = TestStores.S3 }));

    /// <summary>s3rver checks the access key id of a signature v4 request (not the signature itself, unlike AWS).</summary>
    [Fact]
    public async Task An_unknown_access_key_is_refused()
    {
        var intruder = new S3MediaStore(MediaServiceCollectionExtensions.CreateS3Client(
            new S3Options { ServiceUrl = TestStores.S3, AccessKey = "UNKNOWN", SecretKey = "not-the-secret" }));

        await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => intruder.PutAsync($"test-{Guid.NewGuid():N}", "key", [1], "image/png"));
    }
}
