using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Marketplace.External.Carrier;

/// <summary>One attempt to deliver one callback, kept so tests and demos can see what the carrier actually sent.</summary>
public sealed record CallbackAttempt(Guid EventId, string TrackingNumber, long Sequence, string Status, int Attempt, DateTimeOffset SentAt, int? ResponseStatus);

/// <summary>POSTs signed callbacks to the merchant's webhook, retrying with backoff until it answers 2xx.</summary>
public sealed class WebhookSender(HttpClient http, IOptions<CarrierOptions> options, TimeProvider clock, ILogger<WebhookSender> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly CarrierOptions _options = options.Value;

    public static ConcurrentQueue<CallbackAttempt> Log { get; } = new();

    public async Task Send(TrackingEvent trackingEvent, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(trackingEvent, Json);
        var backoff = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; attempt <= _options.WebhookAttempts; attempt++)
        {
            int? status = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _options.WebhookUrl)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Carrier-Signature", Sign(body));
                using var response = await http.SendAsync(request, cancellationToken);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException ex)
            {
                logger.LogInformation("Callback {Sequence} of {TrackingNumber} not delivered: {Error}", trackingEvent.Sequence, trackingEvent.TrackingNumber, ex.Message);
            }
            finally
            {
                Log.Enqueue(new CallbackAttempt(trackingEvent.EventId, trackingEvent.TrackingNumber, trackingEvent.Sequence, trackingEvent.Status,
                    attempt, clock.GetUtcNow(), status));
            }
            await Task.Delay(backoff, clock, cancellationToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
        logger.LogWarning("Gave up on callback {Sequence} of {TrackingNumber} after {Attempts} attempts",
            trackingEvent.Sequence, trackingEvent.TrackingNumber, _options.WebhookAttempts);
    }

    private string Sign(string body)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(_options.WebhookSecret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
