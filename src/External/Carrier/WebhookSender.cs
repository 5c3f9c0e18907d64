using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Marketplace.External.Carrier;

/// <summary>One attempt to deliver one callback, kept so tests and demos can see what the carrier actually sent.</summary>
public sealed record CallbackAttempt(Guid EventId, string TrackingNumber, long Sequence, string Status, int Attempt, DateTimeOffset SentAt, int? ResponseStatus);

/// <summary>The most recent callback attempts, bounded so a long-running sandbox does not grow without end.</summary>
public sealed class CallbackLog
{
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<CallbackAttempt> _attempts = new();

    public void Add(CallbackAttempt attempt)
    {
        _attempts.Enqueue(attempt);
        while (_attempts.Count > Capacity && _attempts.TryDequeue(out _))
        {
        }
    }

    public IReadOnlyList<CallbackAttempt> For(string? trackingNumber) =>
        _attempts.Where(a => trackingNumber is null || a.TrackingNumber == trackingNumber).ToList();

    public void Clear() => _attempts.Clear();
}

/// <summary>POSTs signed callbacks to the merchant's webhook, retrying with backoff until it answers 2xx.</summary>
public sealed class WebhookSender(HttpClient http, CallbackLog log, IOptions<CarrierOptions> options, TimeProvider clock, ILogger<WebhookSender> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly CarrierOptions _options = options.Value;

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
                log.Add(new CallbackAttempt(trackingEvent.EventId, trackingEvent.TrackingNumber, trackingEvent.Sequence, trackingEvent.Status,
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
