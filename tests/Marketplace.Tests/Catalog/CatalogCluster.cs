using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Catalog;
using Marketplace.Sellers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Marketplace.Tests.Catalog;

/// <summary>An in-memory cluster with the catalog's storage and the event stream, shared by the catalog's grain tests.</summary>
public sealed class CatalogCluster : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(1)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .AddClientBuilderConfigurator<ClientConfigurator>()
        .Build();

    public IGrainFactory Grains => Cluster.Client;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>An onboarded seller, activated unless told otherwise.</summary>
    public async Task<Guid> NewSeller(bool active = true)
    {
        var sellerId = Guid.NewGuid();
        var seller = Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Onboard(SampleApplication());
        if (active)
        {
            await seller.ChangeStatus(SellerStatus.Active, null);
        }
        return sellerId;
    }

    public static SellerApplication SampleApplication(string displayName = "Acme Store") => new(
        displayName, "Acme LLC", "7707083893",
        new PayoutDetails("Sber", "40702810900000000001", "044525225"),
        new SellerContact("owner@acme.test", "+7 900 000 00 00"));

    public static ProductDraft SampleDraft(string title = "Trail running shoe", params VariantDraft[] variants) => new(
        title, "Light shoe for rough trails.", "clothing/shoes", "Acme",
        new Dictionary<string, string> { ["material"] = "mesh" },
        ["media:shoe-1"],
        variants.Length > 0
            ? variants
            : [new VariantDraft("SHOE-42", new Dictionary<string, string> { ["size"] = "42" }, 4990m, "RUB", 10),
               new VariantDraft("SHOE-43", new Dictionary<string, string> { ["size"] = "43" }, 4990m, "RUB", 0)]);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Products);
            silo.AddMemoryGrainStorage(StorageNames.Sellers);
            silo.AddMemoryGrainStorage(StorageNames.PubSub);
            silo.AddMemoryStreams(StreamNames.Provider);
            silo.Services.AddCatalog();
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) => client.AddMemoryStreams(StreamNames.Provider);
    }
}

[CollectionDefinition(Name)]
public sealed class CatalogClusterCollection : ICollectionFixture<CatalogCluster>
{
    public const string Name = "catalog-cluster";
}
