using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Marketplace.Bench.Scenarios;

/// <summary>
/// Issue #4 item 8: add-to-cart latency at a fixed rate. Signed-in shoppers POST /cart/items on the public gateway:
/// the JWT check plus a session grain call, one product grain read to validate the sku and stock, a cart write to
/// Redis, and a re-priced cart (one product grain read per line) in the response.
/// </summary>
public sealed class AddToCartScenario : IScenario
{
    // Each shopper's cart holds ProductsPerCart lines. A line takes at most 99 units, and a closed-loop warm-up can send
    // tens of thousands of adds, so after AddsPerLine adds to every line the shoppers move on to the next set of
    // products ("round"). Counted per gateway request, not per phase: the carts keep their quantities across phases.
    private const int Shoppers = 64;
    private const int ProductsPerCart = 4;
    private const int AddsPerLine = 90;
    private const int Rounds = 10;
    private const string Sku = "SKU-1";

    private string[] _tokens = [];
    private Guid[] _products = [];
    private long _gatewayRequests;

    public string Name => "add-to-cart";

    public string Description => "POST /cart/items as a signed-in shopper: session check, sku/stock read, cart write to Redis, re-priced cart back";

    public IReadOnlyCollection<GatewayKind> SetupGateways => [GatewayKind.Seller];

    public LoadModes Modes => LoadModes.Open;

    public double? Rate => 100;

    public async Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var seller = context.Gateway(GatewayKind.Seller);
        var op = await BenchAccounts.SignIn(seller, BenchOperator.Email, BenchOperator.Password, cancellationToken);
        var sellerToken = (await BenchAccounts.ActiveSeller(seller, op.Token, "Bench Store", cancellationToken)).Token;
        _products = new Guid[ProductsPerCart * Rounds];
        await Parallel.ForAsync(0, _products.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => _products[i] = await BenchAccounts.PublishedProduct(seller, sellerToken, $"Bench product {i}", ct));
        // Sign-ups hash passwords (PBKDF2): a few at a time, so setup does not starve the servers.
        _tokens = new string[Shoppers];
        await Parallel.ForAsync(0, Shoppers, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, ct) => _tokens[i] = (await BenchAccounts.SignUp(context.Gateway(GatewayKind.Public), ct)).Token);
        context.Log($"{Shoppers} shoppers signed in, {_products.Length} products published");
    }

    public HttpRequestMessage CreateRequest(Target target, long sequence)
    {
        var n = target == Target.Gateway ? Interlocked.Increment(ref _gatewayRequests) - 1 : sequence;
        var line = n / Shoppers % ProductsPerCart;
        var round = n / (Shoppers * ProductsPerCart * AddsPerLine) % Rounds;
        var request = new HttpRequestMessage(HttpMethod.Post, "/cart/items")
        {
            Content = JsonContent.Create(new { productId = _products[round * ProductsPerCart + line], sku = Sku, quantity = 1 }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[n % Shoppers]);
        return request;
    }
}
