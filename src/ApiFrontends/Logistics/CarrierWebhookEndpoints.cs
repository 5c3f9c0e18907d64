using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marketplace.Common;
using Marketplace.Logistics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Gateways.Logistics;

/// <summary>The shared secret the carrier signs its callbacks with. Bound from the <c>Carrier</c> section.</summary>
public sealed class CarrierWebhookOptions
{
    public const string SectionName = "Carrier";

    public string WebhookSecret { get; set; } = "";

    /// <summary>Signatures older than this are refused, so a captured callback cannot be replayed later.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);
}

public static class CarrierWebhookEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddCarrierWebhook(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CarrierWebhookOptions>()
            .BindConfiguration(CarrierWebhookOptions.SectionName)
            .Validate(o => o.WebhookSecret.Length >= 16, "Carrier:WebhookSecret must be set (at least 16 characters).")
            .Validate<IHostEnvironment>((o, host) => host.IsDevelopment() || !DevelopmentSecrets.IsCommitted(o.WebhookSecret),
                DevelopmentSecrets.Refusal("Carrier:WebhookSecret", "non-Development"))
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The carrier's status callbacks. Anonymous to our JWT scheme but authenticated by an HMAC of the body and a fresh
    /// timestamp under the shared secret (401 otherwise); repeated event ids and late callbacks answer 200 too, so the
    /// carrier stops re-sending them. A delivered or failed parcel is applied only once the carrier's API confirms the
    /// event (409 otherwise), so a leaked secret alone moves no money.
    /// </summary>
    public static IEndpointRouteBuilder MapCarrierWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/carrier/webhook", async (HttpRequest request, IOptions<CarrierWebhookOptions> options, IClusterClient cluster, TimeProvider clock) =>
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
                if (!IsSignedByCarrier(request.Headers["X-Carrier-Signature"].ToString(), body, options.Value, clock.GetUtcNow()))
                {
                    return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                        detail: "The X-Carrier-Signature header is missing, stale or does not match the body.");
                }

                var callback = JsonSerializer.Deserialize<CarrierCallback>(body, Json)
                               ?? throw new ValidationException("body", "Empty callback.");
                if (!Guid.TryParseExact(callback.Reference, "N", out var shipmentId))
                {
                    throw new ValidationException("reference", "Not a shipment reference of ours.");
                }
                if (callback.EventId == Guid.Empty)
                {
                    throw new ValidationException("eventId", "Every callback names its event.");
                }
                if (!CarrierStatuses.TryParse(callback.Status, out var status))
                {
                    throw new ValidationException("status", $"Unknown carrier status '{callback.Status}'.");
                }
                var result = await cluster.GetGrain<IShipmentGrain>(shipmentId).ApplyCarrierUpdate(new CarrierUpdate(
                    callback.TrackingNumber, callback.Sequence, status, callback.OccurredAt, callback.Location, callback.Reason, callback.EventId));
                return Results.Ok(result);
            })
            .WithTags("Carrier")
            .AllowAnonymous();
        return app;
    }

    /// <summary>Checks <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c> in constant time.</summary>
    private static bool IsSignedByCarrier(string header, string body, CarrierWebhookOptions options, DateTimeOffset now)
    {
        var parts = header.Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, out var timestamp) || !parts.TryGetValue("v1", out var signature))
        {
            return false;
        }
        if ((now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > options.SignatureTolerance)
        {
            return false;
        }
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.WebhookSecret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private sealed record CarrierCallback(Guid EventId, string TrackingNumber, string Reference, long Sequence, string Status,
        DateTimeOffset OccurredAt, string? Location, string? Reason);
}
