using Marketplace.Catalog;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>
/// One durable deployment (a silo on PostgreSQL and Redis, the three gateways) shared by the identity, profile and cart
/// tests, plus an Orleans client to set up catalog data the gateways do not expose yet.
/// </summary>
public sealed class IdentityDeployment : IAsyncLifetime
{
    public MarketplaceDeployment Deployment { get; private set; } = null!;

    public IClusterClient Grains { get; private set; } = null!;

    public HttpClient Public { get; private set; } = null!;
    public HttpClient Seller { get; private set; } = null!;
    public HttpClient Logistics { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The test process stands in for a reverse proxy on loopback, so a test picks the client address (X-Forwarded-For).
        Deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller, Gateway.Logistics],
            environment: new Dictionary<string, string> { ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1" });
        Grains = await Deployment.ConnectClientAsync();
        Public = Deployment.CreateClient(Gateway.Public);
        Seller = Deployment.CreateClient(Gateway.Seller);
        Logistics = Deployment.CreateClient(Gateway.Logistics);
    }

    public async Task DisposeAsync()
    {
        Public.Dispose();
        Seller.Dispose();
        Logistics.Dispose();
        await Deployment.DisposeAsync();
    }

    /// <summary>A published product of a fresh active seller with one sku of the given price and stock.</summary>
    public async Task<PublishedProduct> PublishProduct(decimal price, int stock, string sku = "SKU-1")
    {
        var sellerId = await Grains.ActiveSeller("Test Store");

        var product = new PublishedProduct(Grains, sellerId, Guid.NewGuid(), sku);
        await product.Grain.Create(sellerId, Draft(sku, price, stock));
        await product.Grain.Publish(sellerId, 1);
        await Grains.UntilVisible(product.ProductId);
        return product;
    }

    internal static ProductDraft Draft(string sku, decimal price, int stock) => new(
        "Test product", "For cart tests.", "clothing/shoes", "Acme", null, null,
        [new VariantDraft(sku, null, price, "RUB", stock)]);
}

public sealed record PublishedProduct(IClusterClient Grains, Guid SellerId, Guid ProductId, string Sku)
{
    public IProductGrain Grain => Grains.GetGrain<IProductGrain>(ProductId);

    public async Task ChangePrice(decimal price)
    {
        var card = await Grain.GetForSeller(SellerId);
        await Grain.Edit(SellerId, card.Version, IdentityDeployment.Draft(Sku, price, 0));
    }

    public Task SetStock(int onHand) => Grain.SetStock(SellerId, Sku, onHand);
}

[CollectionDefinition(Name)]
public sealed class IdentityDeploymentCollection : ICollectionFixture<IdentityDeployment>
{
    public const string Name = "identity deployment";
}
