using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Marketplace.Grains.Payments;

public enum GatewayOutcome
{
    /// <summary>The processor did it.</summary>
    Succeeded,

    /// <summary>The processor answered no for good (a declined card, an amount it will not move): retrying cannot help.</summary>
    Rejected,

    /// <summary>No definite answer (down, timed out, circuit open): the same request may be retried with the same idempotency key.</summary>
    Unavailable,
}

public sealed record GatewayResult(GatewayOutcome Outcome, string? AuthorizationId = null, string? Code = null);

/// <summary>
/// The external card processor's HTTP API. Timeouts, quick retries and the circuit breaker sit in the HttpClient's
/// resilience pipeline (see <see cref="PaymentsServiceCollectionExtensions"/>); every call carries an idempotency
/// key, so those retries, and the grain's own slower ones, can never move money twice.
/// </summary>
public sealed class PaymentGatewayClient(HttpClient http, ILogger<PaymentGatewayClient> logger)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public Task<GatewayResult> Authorise(string idempotencyKey, long amountMinor, string currency, string paymentMethod, string reference, CancellationToken cancellationToken) =>
        Send("v1/authorizations", idempotencyKey, new { amount = amountMinor, currency, paymentMethod, reference }, cancellationToken);

    public Task<GatewayResult> Capture(string authorizationId, string idempotencyKey, long amountMinor, CancellationToken cancellationToken) =>
        Send($"v1/authorizations/{Uri.EscapeDataString(authorizationId)}/captures", idempotencyKey, new { amount = amountMinor }, cancellationToken);

    public Task<GatewayResult> Release(string authorizationId, string idempotencyKey, long amountMinor, CancellationToken cancellationToken) =>
        Send($"v1/authorizations/{Uri.EscapeDataString(authorizationId)}/reversals", idempotencyKey, new { amount = amountMinor }, cancellationToken);

    public Task<GatewayResult> Refund(string authorizationId, string idempotencyKey, long amountMinor, CancellationToken cancellationToken) =>
        Send($"v1/authorizations/{Uri.EscapeDataString(authorizationId)}/refunds", idempotencyKey, new { amount = amountMinor }, cancellationToken);

    private async Task<GatewayResult> Send(string path, string idempotencyKey, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(IdempotencyHeader, idempotencyKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                logger.LogWarning("Payment gateway answered {Status} to {Path}", (int)response.StatusCode, path);
                return new GatewayResult(GatewayOutcome.Unavailable, Code: $"http_{(int)response.StatusCode}");
            }
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return new GatewayResult(GatewayOutcome.Succeeded, AuthorizationId: answer.GetProperty("id").GetString());
            }
            var code = answer.TryGetProperty("declineCode", out var decline) && decline.ValueKind == JsonValueKind.String ? decline.GetString()
                : answer.TryGetProperty("code", out var error) ? error.GetString()
                : $"http_{(int)response.StatusCode}";
            return new GatewayResult(GatewayOutcome.Rejected, Code: code);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or JsonException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Payment gateway unreachable on {Path}: {Error}", path, e.Message);
            return new GatewayResult(GatewayOutcome.Unavailable, Code: "gateway_unreachable");
        }
    }
}
