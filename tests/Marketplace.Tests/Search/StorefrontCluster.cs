using Marketplace.Catalog;
using Marketplace.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Marketplace.Tests.Search;

/// <summary>
/// The marketplace's grains on memory storage and memory streams, with the search index in a real PostgreSQL
/// database of its own (catalog events flow to it exactly as in a silo) and product media in a folder of its own.
/// </summary>
public sealed class StorefrontCluster : IAsyncLifetime
{
    public PostgresDatabase Database { get; } = new();

    public string MediaRoot { get; } = Directory.CreateTempSubdirectory("storefront-media-").FullName;

    /// <summary>A word moderation does not allow on product cards.</summary>
    public const string BannedWord = "casino";

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Cluster = await MarketplaceTestCluster.StartAsync(new Dictionary<string, string?>
        {
            ["Search:Postgres"] = Database.ConnectionString,
            // A test here empties the index behind the silo's back, which the search cache shows only once its entries
            // expire; the cache has tests of its own (GeneratedCatalogTests).
            ["Search:CacheSeconds"] = "0",
            ["Media:Root"] = MediaRoot,
            ["Moderation:BannedWords:0"] = BannedWord,
        });
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(MediaRoot, recursive: true);
    }

    /// <summary>An active seller with one published product.</summary>
    public async Task<(Guid SellerId, ProductSnapshot Product)> PublishedProduct(string sellerName, ProductDraft draft)
    {
        var (sellerId, created) = await DraftProduct(sellerName, draft);
        return (sellerId, await Grains.GetGrain<IProductGrain>(created.ProductId).Publish(sellerId, created.Version));
    }

    /// <summary>An active seller with one draft product.</summary>
    public async Task<(Guid SellerId, ProductSnapshot Product)> DraftProduct(string sellerName, ProductDraft draft)
    {
        var sellerId = await Grains.ActiveSeller(sellerName);
        var product = Grains.GetGrain<IProductGrain>(Guid.NewGuid());
        return (sellerId, await product.Create(sellerId, draft));
    }

    public static ProductDraft Draft(string title, string category = "electronics/audio", string brand = "Sonic", decimal price = 2990m, int stock = 5) => new(
        title, $"{title}, as described.", category, brand, new Dictionary<string, string>(), [],
        [new VariantDraft($"SKU-{Guid.NewGuid():N}", new Dictionary<string, string>(), price, "RUB", stock)]);
}
