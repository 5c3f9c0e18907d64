using Marketplace.Operations;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Foundation;

[Collection(InMemoryClusterCollection.Name)]
public sealed class StorageProbeGrainTests(InMemoryCluster cluster)
{
    [Fact]
    public async Task A_written_record_is_read_back_from_the_store()
    {
        var probe = cluster.Grains.GetGrain<IStorageProbeGrain>($"orders/{Guid.NewGuid()}");

        var written = await probe.Write("hello");
        var read = await probe.Read();

        Assert.Equal(written, read);
        Assert.Equal("hello", read!.Value);
    }

    [Fact]
    public async Task A_probe_that_was_never_written_reads_nothing()
    {
        Assert.Null(await cluster.Grains.GetGrain<IStorageProbeGrain>($"carts/{Guid.NewGuid()}").Read());
    }
}
