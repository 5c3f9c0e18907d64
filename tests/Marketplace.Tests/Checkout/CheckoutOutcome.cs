using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Checkout;

/// <summary>
/// A checkout answers once its saga has settled or its wait for the processor has run out: on a loaded machine a slow
/// authorisation answers AwaitingPayment and the order is paid (or failed) a moment later. A test that cares how a
/// checkout ended reads the order back until it has ended.
/// </summary>
public static class CheckoutOutcome
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The order of a checkout's answer <paramref name="placed"/>, once it is Paid, Failed or Cancelled.</summary>
    public static async Task<JsonElement> Ended(HttpClient shopper, HttpResponseMessage placed)
    {
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
        return HasEnded(order) ? order : await Ended(shopper, order.GetProperty("orderId").GetGuid());
    }

    /// <summary>The order <paramref name="orderId"/> of <paramref name="shopper"/>, once it is Paid, Failed or Cancelled.</summary>
    public static Task<JsonElement> Ended(HttpClient shopper, Guid orderId) =>
        Eventually.Until(() => shopper.GetFromJsonAsync<JsonElement>($"/orders/{orderId}"), HasEnded, Patience,
            $"order {orderId} to end its checkout");

    private static bool HasEnded(JsonElement order) => order.GetProperty("status").GetString() is "Paid" or "Failed" or "Cancelled";
}
