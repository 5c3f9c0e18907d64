using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Bench.Scenarios;

/// <summary>What setups do through the gateways, as users would: sign up and in, open an active shop, publish its products.</summary>
public static class BenchShop
{
    private const string Password = "bench-password-123";

    /// <summary>Registers a new user and signs in; the access token.</summary>
    public static async Task<string> SignUp(HttpClient gateway, string who, CancellationToken cancellationToken)
    {
        var email = $"bench-{who}-{Guid.NewGuid():N}@bench.test";
        await Send(gateway, HttpMethod.Post, "/auth/register", null, new { email, password = Password, displayName = $"Bench {who}" }, cancellationToken);
        return await Login(gateway, email, Password, cancellationToken);
    }

    /// <summary>Signs up <paramref name="count"/> users a few at a time: each hashes a password (PBKDF2), which would starve the servers.</summary>
    public static async Task<string[]> SignUpMany(HttpClient gateway, string who, int count, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(4);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await SignUp(gateway, who, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public static async Task<string> Login(HttpClient gateway, string email, string password, CancellationToken cancellationToken) =>
        (await Send(gateway, HttpMethod.Post, "/auth/login", null, new { email, password }, cancellationToken)).GetProperty("accessToken").GetString()!;

    /// <summary>A new seller, onboarded and activated by the bench operator; the seller's token.</summary>
    public static async Task<string> OpenShop(HttpClient seller, CancellationToken cancellationToken)
    {
        var sellerToken = await SignUp(seller, "seller", cancellationToken);
        var onboarded = await Send(seller, HttpMethod.Post, "/sellers", sellerToken, new
        {
            displayName = "Bench Store", legalName = "Bench LLC", taxId = "7707083893",
            payout = new { bankName = "Sber", accountNumber = "40702810900000000001", bankCode = "044525225" },
            contact = new { email = "bench@store.test", phone = "+7 900 000 00 00" },
        }, cancellationToken);
        var operatorToken = await Login(seller, BenchOperator.Email, BenchOperator.Password, cancellationToken);
        await Send(seller, HttpMethod.Put, $"/operator/sellers/{onboarded.GetProperty("sellerId").GetGuid()}/status", operatorToken,
            new { status = "Active" }, cancellationToken);
        return sellerToken;
    }

    /// <summary>Creates a product of one variant, publishes it and waits until moderation lets shoppers see it; its id.</summary>
    public static async Task<Guid> PublishProduct(HttpClient seller, string sellerToken, string title, string sku, decimal price, int stock,
        CancellationToken cancellationToken)
    {
        var created = await Send(seller, HttpMethod.Post, "/products", sellerToken, new
        {
            title, description = "Bench", category = "clothing/shoes", brand = "Bench",
            variants = new[] { new { sku, price, currency = "RUB", stock } },
        }, cancellationToken);
        var productId = created.GetProperty("productId").GetGuid();
        await Send(seller, HttpMethod.Post, $"/products/{productId}/publish", sellerToken, null, cancellationToken,
            ifMatch: $"\"{created.GetProperty("version").GetInt64()}\"");
        await ModerationWait.UntilApproved(seller, sellerToken, productId, cancellationToken);
        return productId;
    }

    /// <summary>Sends a setup request and returns its JSON body; anything but success stops the bench with the answer.</summary>
    public static async Task<JsonElement> Send(HttpClient gateway, HttpMethod method, string path, string? token, object? body,
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
            throw new InvalidOperationException($"setup: {method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
