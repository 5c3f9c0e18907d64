using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

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
    private const string Sku = "BENCH-1";
    private const string Password = "bench-password-123";

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
        var shop = context.Gateway(GatewayKind.Public);

        var sellerToken = await SignUp(seller, "seller", cancellationToken);
        var sellerId = await Send(seller, HttpMethod.Post, "/sellers", sellerToken, new
        {
            displayName = "Bench Store", legalName = "Bench LLC", taxId = "7707083893",
            payout = new { bankName = "Sber", accountNumber = "40702810900000000001", bankCode = "044525225" },
            contact = new { email = "bench@store.test", phone = "+7 900 000 00 00" },
        }, cancellationToken);
        var operatorToken = await Login(seller, BenchOperator.Email, BenchOperator.Password, cancellationToken);
        await Send(seller, HttpMethod.Put, $"/operator/sellers/{sellerId.GetProperty("sellerId").GetGuid()}/status", operatorToken,
            new { status = "Active" }, cancellationToken);

        _products = await Task.WhenAll(Enumerable.Range(0, ProductsPerCart * Rounds).Select(async i =>
        {
            var created = await Send(seller, HttpMethod.Post, "/products", sellerToken, new
            {
                title = $"Bench product {i}", description = "Bench", category = "clothing/shoes", brand = "Bench",
                variants = new[] { new { sku = Sku, price = 1000m + i, currency = "RUB", stock = 1_000_000 } },
            }, cancellationToken);
            var productId = created.GetProperty("productId").GetGuid();
            await Send(seller, HttpMethod.Post, $"/products/{productId}/publish", sellerToken, null, cancellationToken,
                ifMatch: $"\"{created.GetProperty("version").GetInt64()}\"");
            await ModerationWait.UntilApproved(seller, sellerToken, productId, cancellationToken);
            return productId;
        }));

        // Sign-ups hash passwords (PBKDF2): a few at a time, so setup does not starve the servers.
        using var gate = new SemaphoreSlim(4);
        _tokens = await Task.WhenAll(Enumerable.Range(0, Shoppers).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await SignUp(shop, "shopper", cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
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

    private static async Task<string> SignUp(HttpClient gateway, string who, CancellationToken cancellationToken)
    {
        var email = $"bench-{who}-{Guid.NewGuid():N}@bench.test";
        await Send(gateway, HttpMethod.Post, "/auth/register", null, new { email, password = Password, displayName = $"Bench {who}" }, cancellationToken);
        return await Login(gateway, email, Password, cancellationToken);
    }

    private static async Task<string> Login(HttpClient gateway, string email, string password, CancellationToken cancellationToken) =>
        (await Send(gateway, HttpMethod.Post, "/auth/login", null, new { email, password }, cancellationToken)).GetProperty("accessToken").GetString()!;

    private static async Task<JsonElement> Send(HttpClient gateway, HttpMethod method, string path, string? token, object? body,
        CancellationToken cancellationToken, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        }
        using var response = await gateway.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"add-to-cart setup: {method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
