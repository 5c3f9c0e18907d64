using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Bench.Scenarios;

/// <summary>
/// Accounts and products that setups create through the gateways, as shoppers, sellers and the operator would. On a
/// machine shared with other work the cluster sometimes answers 503 (it did not answer within the gateway's timeout):
/// setup calls are repeated then, and a repeated registration that finds its account already made goes on to log in.
/// </summary>
public static class BenchAccounts
{
    public const string Password = "correct-horse-battery";
    private const int Attempts = 8;

    public static async Task<(Guid UserId, string Token)> SignUp(HttpClient gateway, CancellationToken cancellationToken, string? email = null)
    {
        email ??= $"bench-{Guid.NewGuid():N}@bench.local";
        using var registered = await Repeated(() => new HttpRequestMessage(HttpMethod.Post, "/auth/register")
        {
            Content = JsonContent.Create(new { email, password = Password, displayName = "Bench" }),
        }, gateway, cancellationToken, alreadyDone: HttpStatusCode.Conflict);
        await EnsureSuccess(registered, "register");
        return await SignIn(gateway, email, Password, cancellationToken);
    }

    public static async Task<(Guid UserId, string Token)> SignIn(HttpClient gateway, string email, string password, CancellationToken cancellationToken)
    {
        using var response = await Repeated(() => new HttpRequestMessage(HttpMethod.Post, "/auth/login") { Content = JsonContent.Create(new { email, password }) },
            gateway, cancellationToken);
        await EnsureSuccess(response, "log in");
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return (tokens.GetProperty("userId").GetGuid(), tokens.GetProperty("accessToken").GetString()!);
    }

    /// <summary>A new account, onboarded as a seller and activated by the operator.</summary>
    public static async Task<(Guid UserId, string Token)> ActiveSeller(HttpClient sellerGateway, string operatorToken, string displayName, CancellationToken cancellationToken,
        string? email = null)
    {
        var seller = await SignUp(sellerGateway, cancellationToken, email);
        using (var onboarded = await Send(sellerGateway, seller.Token, HttpMethod.Post, "/sellers", new
        {
            displayName, legalName = "Bench LLC", taxId = "7707083893",
            payout = new { bankName = "Sber", accountNumber = "40702810900000000001", bankCode = "044525225" },
            contact = new { email = "bench@example.test", phone = "+7 900 000 00 00" },
        }, cancellationToken))
        {
            await EnsureSuccess(onboarded, "onboard the seller");
        }
        using (var activated = await Send(sellerGateway, operatorToken, HttpMethod.Put, $"/operator/sellers/{seller.UserId}/status", new { status = "Active" }, cancellationToken))
        {
            await EnsureSuccess(activated, "activate the seller");
        }
        return seller;
    }

    /// <summary>A product with one variant (SKU-1, 1,000,000 in stock unless told), published and approved by moderation; its id.</summary>
    public static async Task<Guid> PublishedProduct(HttpClient sellerGateway, string sellerToken, string title, CancellationToken cancellationToken,
        int stock = 1_000_000)
    {
        var productId = await Draft(sellerGateway, sellerToken, title, cancellationToken, stock);
        using var published = await Repeated(() => Publish(productId, sellerToken), sellerGateway, cancellationToken, alreadyDone: HttpStatusCode.PreconditionFailed);
        await EnsureSuccess(published, "publish a product");
        await ModerationWait.UntilApproved(sellerGateway, sellerToken, productId, cancellationToken);
        return productId;
    }

    /// <summary>A draft product in home/kitchen with one variant (SKU-1, 1,000,000 in stock unless told); its id.</summary>
    public static async Task<Guid> Draft(HttpClient sellerGateway, string sellerToken, string title, CancellationToken cancellationToken,
        int stock = 1_000_000)
    {
        using var created = await Send(sellerGateway, sellerToken, HttpMethod.Post, "/products", new
        {
            title, description = "Boils water.", category = "home/kitchen", brand = "Acme",
            attributes = new Dictionary<string, string>(), images = Array.Empty<string>(),
            variants = new[] { new { sku = "SKU-1", attributes = new Dictionary<string, string>(), price = 100m, currency = "RUB", stock } },
        }, cancellationToken);
        await EnsureSuccess(created, "create a product");
        return (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("productId").GetGuid();
    }

    /// <summary>The request that publishes a draft at <paramref name="version"/> (its first unless told).</summary>
    public static HttpRequestMessage Publish(Guid productId, string sellerToken, long version = 1)
    {
        var publish = new HttpRequestMessage(HttpMethod.Post, $"/products/{productId}/publish");
        publish.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sellerToken);
        publish.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return publish;
    }

    /// <summary>
    /// Each product's version (its seller's ETag) once the versions stop moving: two reads two seconds apart agree, or a
    /// minute passed. A new card's stock reports to it after its creation and may write it again, so a draft created a
    /// while before it is published is no longer at its first version.
    /// </summary>
    public static async Task<long[]> SettledVersions(HttpClient sellerGateway, string sellerToken, Guid[] productIds, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        var versions = await Versions(sellerGateway, sellerToken, productIds, cancellationToken);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var again = await Versions(sellerGateway, sellerToken, productIds, cancellationToken);
            if (again.SequenceEqual(versions) || DateTime.UtcNow > deadline)
            {
                return again;
            }
            versions = again;
        }
    }

    private static async Task<long[]> Versions(HttpClient sellerGateway, string sellerToken, Guid[] productIds, CancellationToken cancellationToken)
    {
        var versions = new long[productIds.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, productIds.Length), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                using var read = await Repeated(() =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, $"/products/{productIds[i]}");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sellerToken);
                    return request;
                }, sellerGateway, ct);
                await EnsureSuccess(read, "read a draft");
                versions[i] = long.Parse(read.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
            });
        return versions;
    }

    /// <summary>A GET, repeated while the cluster answers 503.</summary>
    public static Task<HttpResponseMessage> Get(HttpClient gateway, string path, CancellationToken cancellationToken) =>
        Repeated(() => new HttpRequestMessage(HttpMethod.Get, path), gateway, cancellationToken);

    private static Task<HttpResponseMessage> Send(HttpClient gateway, string token, HttpMethod method, string path, object body, CancellationToken cancellationToken) =>
        Repeated(() =>
        {
            var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }, gateway, cancellationToken);

    /// <summary>
    /// Sends the request again while the cluster answers 503; a repeat answered <paramref name="alreadyDone"/> means an
    /// earlier attempt went through after all, and counts as success.
    /// </summary>
    private static async Task<HttpResponseMessage> Repeated(Func<HttpRequestMessage> request, HttpClient gateway, CancellationToken cancellationToken,
        HttpStatusCode? alreadyDone = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            var response = await gateway.SendAsync(message, cancellationToken);
            if (attempt > 1 && response.StatusCode == alreadyDone)
            {
                response.Dispose();
                return new HttpResponseMessage(HttpStatusCode.OK);
            }
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == Attempts)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
        }
    }

    private static async Task EnsureSuccess(HttpResponseMessage response, string step)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"setup: {step} failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
