using System.Text;
using Marketplace.Grains.Media;

namespace Marketplace.Tests.Media;

/// <summary>What every media store must do, run against each real store by a subclass.</summary>
public abstract class MediaStoreContract
{
    private readonly string _bucket = $"test-{Guid.NewGuid():N}";
    private readonly string _otherBucket = $"test-{Guid.NewGuid():N}";

    protected abstract IMediaStore Store { get; }

    [Fact]
    public async Task Returns_what_was_put_with_its_content_type()
    {
        var content = Encoding.UTF8.GetBytes("not really an image");
        await Store.PutAsync(_bucket, "products/p1/i1/card.webp", content, "image/webp");

        var stored = await Store.GetAsync(_bucket, "products/p1/i1/card.webp");

        Assert.NotNull(stored);
        Assert.Equal(content, stored.Content);
        Assert.Equal("image/webp", stored.ContentType);
    }

    [Fact]
    public async Task A_second_put_replaces_the_object_and_buckets_are_separate()
    {
        await Store.PutAsync(_bucket, "key", [1, 2, 3], "image/png");
        await Store.PutAsync(_bucket, "key", [4, 5], "image/jpeg");
        await Store.PutAsync(_otherBucket, "key", [9], "image/gif");

        var stored = await Store.GetAsync(_bucket, "key");
        Assert.Equal([4, 5], stored!.Content);
        Assert.Equal("image/jpeg", stored.ContentType);
        Assert.Equal([9], (await Store.GetAsync(_otherBucket, "key"))!.Content);
    }

    [Fact]
    public async Task A_missing_object_is_null_and_deleting_it_is_harmless()
    {
        Assert.Null(await Store.GetAsync(_bucket, "never-written"));
        await Store.DeleteAsync(_bucket, "never-written");

        await Store.PutAsync(_bucket, "products/p/doomed", [1], "image/png");
        await Store.DeleteAsync(_bucket, "products/p/doomed");
        Assert.Null(await Store.GetAsync(_bucket, "products/p/doomed"));
    }

    [Fact]
    public async Task Holds_a_large_object_intact()
    {
        var content = new byte[5 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(content);
        await Store.PutAsync(_bucket, "large", content, "image/jpeg");

        Assert.Equal(content, (await Store.GetAsync(_bucket, "large"))!.Content);
    }
}
