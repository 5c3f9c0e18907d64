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
    protected override IMediaStore Store { get; } = new S3MediaStore(S3MediaStore.CreateClient(TestStores.S3Options));

    /// <summary>
    /// s3rver checks the access key id of a signature v4 request (not the signature itself, unlike AWS); its built-in,
    /// publicly known S3RVER key is revoked by deploy/local/s3.sh, so only the stack's generated key gets in.
    /// </summary>
    [Theory]
    [InlineData("UNKNOWN", "not-the-secret")]
    [InlineData("S3RVER", "S3RVER")]
    public async Task A_key_other_than_the_generated_one_is_refused(string accessKey, string secretKey)
    {
        var intruder = new S3MediaStore(S3MediaStore.CreateClient(
            new S3Options { ServiceUrl = TestStores.S3, AccessKey = accessKey, SecretKey = secretKey }));

        await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => intruder.PutAsync($"test-{Guid.NewGuid():N}", "key", [1], "image/png"));
    }
}
