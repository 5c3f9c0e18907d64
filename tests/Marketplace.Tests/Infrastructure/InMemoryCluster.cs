using Orleans.TestingHost;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A two-silo cluster with the marketplace's grains on memory storage and memory streams: the fastest way to test
/// grain behaviour. Share it with <c>[Collection(InMemoryClusterCollection.Name)]</c>.
/// </summary>
public sealed class InMemoryCluster : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await MarketplaceTestCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class InMemoryClusterCollection : ICollectionFixture<InMemoryCluster>
{
    public const string Name = "in-memory cluster";
}
