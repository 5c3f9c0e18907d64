using Marketplace.Catalog;
using Marketplace.Sellers;
using Marketplace.Silo.Hosting;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Marketplace.Tests.Search;

/// <summary>
/// The marketplace's grains on memory storage and memory streams, with the search index in a real PostgreSQL
/// database of its own: catalog events flow to the index exactly as in a silo.
/// </summary>
public sealed class SearchCluster : IAsyncLifetime
{
    private const string DatabaseKey = "SearchTests:Database";

    public PostgresDatabase Database { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var builder = new TestClusterBuilder(1);
        builder.Properties[DatabaseKey] = Database.ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>An active seller with one published product; returns both ids.</summary>
    public async Task<(Guid SellerId, ProductSnapshot Product)> PublishedProduct(string sellerName, ProductDraft draft)
    {
        var sellerId = Guid.NewGuid();
        var seller = Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Onboard(new SellerApplication(sellerName, $"{sellerName} LLC", "7707083893",
            new PayoutDetails("Sber", "40702810900000000001", "044525225"), new SellerContact("owner@shop.test", null)));
        await seller.ChangeStatus(SellerStatus.Active, null);
        var product = Grains.GetGrain<IProductGrain>(Guid.NewGuid());
        var created = await product.Create(sellerId, draft);
        return (sellerId, await product.Publish(sellerId, created.Version));
    }

    public static ProductDraft Draft(string title, string category = "electronics/audio", string brand = "Sonic", decimal price = 2990m, int stock = 5) => new(
        title, $"{title}, as described.", category, brand, new Dictionary<string, string>(), [],
        [new VariantDraft($"SKU-{Guid.NewGuid():N}", new Dictionary<string, string>(), price, "RUB", stock)]);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Storage:Profile"] = "Memory",
                    ["Search:Postgres"] = silo.Configuration[DatabaseKey],
                })
                .Build();
            silo.AddMarketplaceGrains(configuration);
            silo.UseInMemoryReminderService();
        }
    }
}
