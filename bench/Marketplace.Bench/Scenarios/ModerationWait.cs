using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Bench.Scenarios;

/// <summary>A published card is hidden from shoppers until moderation approves it: setups wait for that before measuring.</summary>
public static class ModerationWait
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task UntilApproved(HttpClient sellerGateway, string sellerToken, Guid productId, CancellationToken cancellationToken)
    {
        var giveUp = DateTime.UtcNow + Deadline;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/products/{productId}/moderation");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sellerToken);
            using var response = await sellerGateway.SendAsync(request, cancellationToken);
            var status = response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("status").GetString()
                : null;
            if (status == "Approved")
            {
                return;
            }
            if (status == "Blocked" || DateTime.UtcNow > giveUp)
            {
                throw new InvalidOperationException($"Product {productId} was not approved (moderation: {status ?? ((int)response.StatusCode).ToString()}).");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
