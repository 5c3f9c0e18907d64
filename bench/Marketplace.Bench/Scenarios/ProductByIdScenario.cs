using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Bench.Scenarios;

/// <summary>
/// A shopper opening a product card: the public gateway's <c>GET /products/{id}</c>, one IProductGrain.GetPublished
/// answered from the activation's memory (no store read once warm). 100 published products in rotation.
/// </summary>
public sealed class ProductByIdScenario : IScenario
{
    private const int Products = 100;

    private string[] _ids = [];

    public string Name => "product-by-id";

    public string Description => "GET /products/{id}: one IProductGrain.GetPublished from grain memory, 100 products in rotation";

    public IReadOnlyCollection<GatewayKind> SetupGateways => [GatewayKind.Seller];

    public async Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var gateway = context.Gateway(GatewayKind.Seller);
        var email = $"bench-seller-{Guid.NewGuid():N}@bench.local";
        await Send(gateway, null, HttpMethod.Post, "/auth/register", new { email, password = "bench-seller-password", displayName = "Bench seller" }, cancellationToken);
        var seller = await Login(gateway, email, "bench-seller-password", cancellationToken);
        var admin = await Login(gateway, BenchOperator.Email, BenchOperator.Password, cancellationToken);

        await Send(gateway, seller.Token, HttpMethod.Post, "/sellers", new
        {
            displayName = "Bench store",
            legalName = "Bench LLC",
            taxId = "7707083893",
            payout = new { bankName = "Bench Bank", accountNumber = "40702810900000000001", bankCode = "044525225" },
            contact = new { email },
        }, cancellationToken);
        await Send(gateway, admin.Token, HttpMethod.Put, $"/operator/sellers/{seller.UserId}/status", new { status = "Active" }, cancellationToken);

        _ids = await Task.WhenAll(Enumerable.Range(0, Products).Select(async i =>
        {
            var created = await Send(gateway, seller.Token, HttpMethod.Post, "/products", Draft(i), cancellationToken);
            var id = created.GetProperty("productId").GetString()!;
            await Send(gateway, seller.Token, HttpMethod.Post, $"/products/{id}/publish", null, cancellationToken, ifMatch: "\"1\"");
            await ModerationWait.UntilApproved(gateway, seller.Token, Guid.Parse(id), cancellationToken);
            return id;
        }));
        context.Log($"{Products} products published");
    }

    public HttpRequestMessage CreateRequest(Target target, long sequence) =>
        new(HttpMethod.Get, $"/products/{_ids[sequence % _ids.Length]}");

    // Mirrored by bench/BareKestrel/ProductBaseline.cs, so both targets send bodies of the same shape and size.
    private static object Draft(int index) => new
    {
        title = $"Bench product {index}",
        description = "A product card of typical size: a title, a paragraph of description, a few attributes and two variants.",
        category = "electronics/audio",
        brand = "Bench",
        attributes = new Dictionary<string, string> { ["colour"] = "black", ["warranty"] = "12 months", ["origin"] = "bench" },
        images = Array.Empty<string>(),
        variants = new[]
        {
            new { sku = $"BENCH-{index}-S", attributes = new Dictionary<string, string> { ["size"] = "S" }, price = 1990m, currency = "RUB", stock = 100 },
            new { sku = $"BENCH-{index}-M", attributes = new Dictionary<string, string> { ["size"] = "M" }, price = 2190m, currency = "RUB", stock = 100 },
        },
    };

    private static async Task<(string Token, Guid UserId)> Login(HttpClient gateway, string email, string password, CancellationToken cancellationToken)
    {
        var tokens = await Send(gateway, null, HttpMethod.Post, "/auth/login", new { email, password }, cancellationToken);
        return (tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("userId").GetGuid());
    }

    private static async Task<JsonElement> Send(HttpClient gateway, string? token, HttpMethod method, string path, object? body,
        CancellationToken cancellationToken, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        using var response = await gateway.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} failed with {(int)response.StatusCode}: {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
