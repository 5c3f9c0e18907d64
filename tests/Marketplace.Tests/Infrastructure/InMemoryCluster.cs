using Marketplace.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A two-silo Orleans TestingHost cluster with the marketplace's grains on memory storage and memory streams:
/// the fastest way to test grain behaviour. Share it with <c>[Collection(InMemoryClusterCollection.Name)]</c>.
/// </summary>
public sealed class InMemoryCluster : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Profile"] = "Memory" })
                .Build();
            silo.AddMarketplaceGrains(configuration);
            silo.UseInMemoryReminderService();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InMemoryClusterCollection : ICollectionFixture<InMemoryCluster>
{
    public const string Name = "in-memory cluster";
}
