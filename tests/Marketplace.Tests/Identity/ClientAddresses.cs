using System.Net.Http.Json;

namespace Marketplace.Tests.Identity;

/// <summary>
/// Requests "from" a client address of the test's choosing: the identity deployment's gateways trust the loopback peer
/// as a proxy, so its X-Forwarded-For names the client, as nginx's would.
/// </summary>
internal static class ClientAddresses
{
    private static int _next;

    /// <summary>An address of the benchmarking range (198.18.0.0/15), never a real client, that no other test uses.</summary>
    public static string Fresh()
    {
        var n = Interlocked.Increment(ref _next);
        return $"198.18.{n / 250 % 250}.{n % 250 + 1}";
    }

    public static Task<HttpResponseMessage> PostFrom(this HttpClient client, string address, string path, object body, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return client.SendFrom(address, request, bearer);
    }

    public static Task<HttpResponseMessage> GetFrom(this HttpClient client, string address, string path, string? bearer = null) =>
        client.SendFrom(address, new HttpRequestMessage(HttpMethod.Get, path), bearer);

    private static async Task<HttpResponseMessage> SendFrom(this HttpClient client, string address, HttpRequestMessage request, string? bearer)
    {
        using (request)
        {
            request.Headers.Add("X-Forwarded-For", address);
            if (bearer is not null)
            {
                request.Headers.Authorization = new("Bearer", bearer);
            }
            return await client.SendAsync(request);
        }
    }
}
