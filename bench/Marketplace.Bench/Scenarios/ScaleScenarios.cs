using System.Net.Http.Headers;

namespace Marketplace.Bench.Scenarios;

/// <summary>
/// Whether cost grows with the data (issue 11 item 6): the same requests with 1,000 and with 1,000,000 orders and
/// 100,000 products in one category (<see cref="ScaleData"/>). Names sort each size's scenarios together, the small
/// size first, so one run (<c>--scenario scale-</c>) measures both, the large data seeded between them, and the report
/// puts them side by side. Each list page runs open loop at one rate at both sizes, so their p99s compare.
/// </summary>
public abstract class ScaleListScenario(ScaleSize size, ScalePage page) : IScenario
{
    private ScaleData.Accounts _accounts = null!;

    public string Name => $"scale-{size.Name}-{page.Name}";

    public string Description => $"GET {page.Path(new ScaleData.Accounts("", Guid.Empty, "", Guid.Empty))} ({page.Gateway} gateway) with {size.Orders:N0} orders and {size.CategoryProducts:N0} products in {ScaleData.Category}";

    public GatewayKind Gateway => page.Gateway;

    public IReadOnlyCollection<GatewayKind> SetupGateways => [GatewayKind.Public, GatewayKind.Seller];

    public bool HasBaseline => false;

    public LoadModes Modes => LoadModes.Open;

    public double? Rate => 100;

    public async Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken) =>
        _accounts = await ScaleData.EnsureAsync(context, size, cancellationToken);

    public HttpRequestMessage CreateRequest(Target target, long sequence)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, page.Path(_accounts));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", page.Gateway == GatewayKind.Seller ? _accounts.SellerToken : _accounts.ShopperToken);
        return request;
    }
}

/// <summary>A list page, as its client asks for the first page: the measured shopper's or seller's (<see cref="ScaleData"/>).</summary>
public sealed record ScalePage(string Name, GatewayKind Gateway, Func<ScaleData.Accounts, string> Path)
{
    public static readonly ScalePage ShopperOrders = new("shopper-orders", GatewayKind.Public, _ => "/orders?pageSize=20");
    public static readonly ScalePage Purchases = new("purchases", GatewayKind.Public, _ => "/purchases?pageSize=20");
    public static readonly ScalePage SellerOrders = new("seller-orders", GatewayKind.Seller, _ => "/orders?pageSize=20");
    public static readonly ScalePage SellerProducts = new("seller-products", GatewayKind.Seller, _ => "/products?pageSize=24");
    public static readonly ScalePage Category = new("category", GatewayKind.Public, _ => $"/categories/{ScaleData.Category}/products?pageSize=24");
    public static readonly ScalePage Storefront = new("storefront", GatewayKind.Public, a => $"/sellers/{a.SellerId}/products?pageSize=24");
}

/// <summary>Publishing a draft (seller gateway POST /products/{id}/publish), one fresh draft per request, open loop at 20/s.</summary>
public abstract class ScalePublishScenario(ScaleSize size) : IScenario
{
    private const int Drafts = 800;
    private ScaleData.Accounts _accounts = null!;
    private Guid[] _drafts = [];
    private long[] _versions = [];

    public string Name => $"scale-{size.Name}-publish";

    public string Description => $"POST /products/{{id}}/publish (seller gateway) of a fresh draft, with {size.Orders:N0} orders and {size.CategoryProducts:N0} products in {ScaleData.Category}";

    public GatewayKind Gateway => GatewayKind.Seller;

    public IReadOnlyCollection<GatewayKind> SetupGateways => [GatewayKind.Public, GatewayKind.Seller];

    public bool HasBaseline => false;

    public LoadModes Modes => LoadModes.Open;

    public double? Rate => 20;

    public async Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        _accounts = await ScaleData.EnsureAsync(context, size, cancellationToken);
        var seller = context.Gateway(GatewayKind.Seller);
        _drafts = new Guid[Drafts];
        await Parallel.ForEachAsync(Enumerable.Range(0, Drafts), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => _drafts[i] = await BenchAccounts.Draft(seller, _accounts.SellerToken, $"Bench publish {size.Name} {i}", ct));
        _versions = await BenchAccounts.SettledVersions(seller, _accounts.SellerToken, _drafts, cancellationToken);
        context.Log($"{Drafts} drafts to publish at their settled versions ({_versions.Count(v => v > 1)} past their first; the warm-up publishes some: keep --warmup short)");
    }

    public HttpRequestMessage CreateRequest(Target target, long sequence)
    {
        var draft = sequence % _drafts.Length;
        return BenchAccounts.Publish(_drafts[draft], _accounts.SellerToken, _versions[draft]);
    }
}

/// <summary>Checkouts per second (closed loop) with the size's data around them, of 20 products of one seller.</summary>
public abstract class ScaleCheckoutScenario(ScaleSize size) : CheckoutScenario(sellers: 1, products: 20, popularitySkew: 0)
{
    public override string Name => $"scale-{size.Name}-checkout";

    public override LoadModes Modes => LoadModes.Closed;

    /// <summary>The two sizes are compared by their closed loops; the checkout scenarios measure what follows a checkout.</summary>
    public override TimeSpan Settle => TimeSpan.Zero;

    public override async Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        await ScaleData.EnsureAsync(context, size, cancellationToken);
        await base.SetupAsync(context, cancellationToken);
    }
}

public sealed class ScaleSmallCheckout() : ScaleCheckoutScenario(ScaleSize.Small);
public sealed class ScaleLargeCheckout() : ScaleCheckoutScenario(ScaleSize.Large);
public sealed class ScaleSmallPublish() : ScalePublishScenario(ScaleSize.Small);
public sealed class ScaleLargePublish() : ScalePublishScenario(ScaleSize.Large);

public sealed class ScaleSmallShopperOrders() : ScaleListScenario(ScaleSize.Small, ScalePage.ShopperOrders);
public sealed class ScaleLargeShopperOrders() : ScaleListScenario(ScaleSize.Large, ScalePage.ShopperOrders);
public sealed class ScaleSmallPurchases() : ScaleListScenario(ScaleSize.Small, ScalePage.Purchases);
public sealed class ScaleLargePurchases() : ScaleListScenario(ScaleSize.Large, ScalePage.Purchases);
public sealed class ScaleSmallSellerOrders() : ScaleListScenario(ScaleSize.Small, ScalePage.SellerOrders);
public sealed class ScaleLargeSellerOrders() : ScaleListScenario(ScaleSize.Large, ScalePage.SellerOrders);
public sealed class ScaleSmallSellerProducts() : ScaleListScenario(ScaleSize.Small, ScalePage.SellerProducts);
public sealed class ScaleLargeSellerProducts() : ScaleListScenario(ScaleSize.Large, ScalePage.SellerProducts);
public sealed class ScaleSmallCategory() : ScaleListScenario(ScaleSize.Small, ScalePage.Category);
public sealed class ScaleLargeCategory() : ScaleListScenario(ScaleSize.Large, ScalePage.Category);
public sealed class ScaleSmallStorefront() : ScaleListScenario(ScaleSize.Small, ScalePage.Storefront);
public sealed class ScaleLargeStorefront() : ScaleListScenario(ScaleSize.Large, ScalePage.Storefront);
