using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Bench.Scenarios;

/// <summary>
/// Checkouts per second with every write durable: each request is a whole checkout saga (reserve stock, authorise
/// with the test-mode processor over HTTP, commit stock, open a sub-order and its shipment), each step stored in
/// PostgreSQL before it is taken. Requests rotate over shoppers and products, each with a fresh Idempotency-Key.
/// </summary>
public sealed class CheckoutScenario : IScenario
{
    private const int Products = 16;
    private const int Shoppers = 64;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private string[] _tokens = [];
    private Guid[] _products = [];

    public string Name => "checkout";

    public string Description => "POST /checkout (buy now, 1 item): the whole saga, durable, paid through the test-mode processor";

    public IReadOnlyCollection<GatewayKind> SetupGateways => [GatewayKind.Seller];

    public async Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var sellerGateway = context.Gateway(GatewayKind.Seller);
        var seller = await SignUp(sellerGateway, cancellationToken);
        using (var onboarded = await Send(sellerGateway, seller.Token, HttpMethod.Post, "/sellers", new
        {
            displayName = "Bench shop", legalName = "Bench LLC", taxId = "7707083893",
            payout = new { bankName = "Sber", accountNumber = "40702810900000000001", bankCode = "044525225" },
            contact = new { email = "bench@example.test", phone = "+7 900 000 00 00" },
        }, cancellationToken))
        {
            await EnsureSuccess(onboarded, "onboard the seller");
        }
        var op = await SignIn(sellerGateway, BenchOperator.Email, BenchOperator.Password, cancellationToken);
        using (var activated = await Send(sellerGateway, op.Token, HttpMethod.Put, $"/operator/sellers/{seller.UserId}/status", new { status = "Active" }, cancellationToken))
        {
            await EnsureSuccess(activated, "activate the seller");
        }

        _products = await Task.WhenAll(Enumerable.Range(0, Products).Select(async i =>
        {
            using var created = await Send(sellerGateway, seller.Token, HttpMethod.Post, "/products", new
            {
                title = $"Bench kettle {i}", description = "Boils water.", category = "home/kitchen", brand = "Acme",
                attributes = new Dictionary<string, string>(), images = Array.Empty<string>(),
                variants = new[] { new { sku = "SKU-1", attributes = new Dictionary<string, string>(), price = 100m, currency = "RUB", stock = 1_000_000 } },
            }, cancellationToken);
            await EnsureSuccess(created, "create a product");
            var productId = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("productId").GetGuid();
            using var publish = new HttpRequestMessage(HttpMethod.Post, $"/products/{productId}/publish");
            publish.Headers.Authorization = new AuthenticationHeaderValue("Bearer", seller.Token);
            publish.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            using var published = await sellerGateway.SendAsync(publish, cancellationToken);
            await EnsureSuccess(published, "publish a product");
            await ModerationWait.UntilApproved(sellerGateway, seller.Token, productId, cancellationToken);
            return productId;
        }));

        var shop = context.Gateway();
        _tokens = await Task.WhenAll(Enumerable.Range(0, Shoppers).Select(async _ => (await SignUp(shop, cancellationToken)).Token));
        context.Log($"{Products} products of one seller, {Shoppers} shoppers");
    }

    public HttpRequestMessage CreateRequest(Target target, long sequence)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/checkout")
        {
            Content = JsonContent.Create(new
            {
                address = new { recipient = "Ivan Petrov", line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" },
                paymentMethod = "pm_card_visa",
                items = new[] { new { productId = _products[sequence % _products.Length], sku = "SKU-1", quantity = 1 } },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[sequence % _tokens.Length]);
        request.Headers.Add("Idempotency-Key", $"bench-{_run}-{target}-{sequence}");
        return request;
    }

    /// <summary>Served means paid: a 201 whose order did not reach Paid (declined, processor down) would be a failed checkout.</summary>
    public bool IsSuccess(HttpResponseMessage response) => response.StatusCode == System.Net.HttpStatusCode.Created;

    private static async Task<(Guid UserId, string Token)> SignUp(HttpClient gateway, CancellationToken cancellationToken)
    {
        var email = $"bench-{Guid.NewGuid():N}@bench.local";
        using var registered = await gateway.PostAsJsonAsync("/auth/register", new { email, password = "correct-horse-battery", displayName = "Bench" }, cancellationToken);
        await EnsureSuccess(registered, "register");
        return await SignIn(gateway, email, "correct-horse-battery", cancellationToken);
    }

    private static async Task<(Guid UserId, string Token)> SignIn(HttpClient gateway, string email, string password, CancellationToken cancellationToken)
    {
        using var response = await gateway.PostAsJsonAsync("/auth/login", new { email, password }, cancellationToken);
        await EnsureSuccess(response, "log in");
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return (tokens.GetProperty("userId").GetGuid(), tokens.GetProperty("accessToken").GetString()!);
    }

    private static Task<HttpResponseMessage> Send(HttpClient gateway, string token, HttpMethod method, string path, object body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return gateway.SendAsync(request, cancellationToken);
    }

    private static async Task EnsureSuccess(HttpResponseMessage response, string step)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"checkout setup: {step} failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
