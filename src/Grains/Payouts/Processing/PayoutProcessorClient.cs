using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Sellers;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace Marketplace.Grains.Payouts.Processing;

public enum PayoutOutcome
{
    /// <summary>The processor paid it.</summary>
    Paid,

    /// <summary>The processor (the receiving bank) refused it for good.</summary>
    Refused,

    /// <summary>No definite answer: sent again later with the same idempotency key, which cannot pay twice.</summary>
    Unanswered,
}

/// <summary>The processor's word on a payout; <paramref name="Code"/> says why it was refused or unanswered.</summary>
[GenerateSerializer, Immutable]
public sealed record PayoutAnswer(
    [property: Id(0)] PayoutOutcome Outcome,
    [property: Id(1)] string? ProcessorPayoutId = null,
    [property: Id(2)] string? Code = null);

/// <summary>
/// The processor's payout API (Marketplace.External.PaymentGateway: <c>POST /v1/payouts</c> with an idempotency key,
/// <c>GET /v1/payouts?reference=</c>), on <c>Payments:GatewayUrl</c>. The payout's id is both the idempotency key and the
/// reference, so a repeat never pays twice and reconciliation finds what was paid.
/// </summary>
public sealed class PayoutProcessorClient(HttpClient http, ILogger<PayoutProcessorClient> logger)
{
    public async Task<PayoutAnswer> Send(Guid payoutId, long amountMinor, string currency, PayoutDetails destination, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/payouts")
        {
            Content = JsonContent.Create(new
            {
                amount = amountMinor,
                currency,
                reference = payoutId.ToString(),
                destination = new { bankName = destination.BankName, accountNumber = destination.AccountNumber, bankCode = destination.BankCode },
            }),
        };
        request.Headers.Add("Idempotency-Key", $"payout:{payoutId:N}");
        return await Call(request, answer => Read(answer), cancellationToken);
    }

    /// <summary>
    /// What the processor holds for the payout (a paid one first): its answer; null when it has none (the request never
    /// arrived); an <see cref="PayoutOutcome.Unanswered"/> one when it could not be asked.
    /// </summary>
    public async Task<PayoutAnswer?> Find(Guid payoutId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/payouts?reference={payoutId}");
        var answer = await Call(request, list => list.EnumerateArray().Select(Read).OrderBy(a => a.Outcome).FirstOrDefault() ?? NotAtProcessor,
            cancellationToken);
        return ReferenceEquals(answer, NotAtProcessor) ? null : answer;
    }

    private static readonly PayoutAnswer NotAtProcessor = new(PayoutOutcome.Unanswered, Code: "not_at_processor");

    private async Task<PayoutAnswer> Call(HttpRequestMessage request, Func<JsonElement, PayoutAnswer> read, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                logger.LogWarning("The processor answered {Status} to {Method} {Path}", (int)response.StatusCode, request.Method, request.RequestUri);
                return new PayoutAnswer(PayoutOutcome.Unanswered, Code: $"http_{(int)response.StatusCode}");
            }
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.PaymentRequired)
            {
                return read(body);
            }
            return new PayoutAnswer(PayoutOutcome.Refused, Code: body.TryGetProperty("code", out var code) ? code.GetString() : $"http_{(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or JsonException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("The processor is unreachable for {Method} {Path}: {Error}", request.Method, request.RequestUri, e.Message);
            return new PayoutAnswer(PayoutOutcome.Unanswered, Code: "processor_unreachable");
        }
    }

    private static PayoutAnswer Read(JsonElement payout) => payout.GetProperty("status").GetString() == "paid"
        ? new PayoutAnswer(PayoutOutcome.Paid, payout.GetProperty("id").GetString())
        : new PayoutAnswer(PayoutOutcome.Refused, payout.GetProperty("id").GetString(),
            payout.TryGetProperty("failureCode", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : "refused");
}
