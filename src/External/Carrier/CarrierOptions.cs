using Marketplace.Common;

namespace Marketplace.External.Carrier;

/// <summary>The merchant account's settings at the carrier. Bound from the <c>Carrier</c> section.</summary>
public sealed class CarrierOptions
{
    public const string SectionName = "Carrier";

    /// <summary>The key every API call must carry in <c>X-Api-Key</c>.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Where status callbacks are POSTed.</summary>
    public Uri WebhookUrl { get; set; } = new("http://127.0.0.1:5300/carrier/webhook");

    /// <summary>Signs every callback: <c>X-Carrier-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>How many times one callback is attempted before the carrier gives up on it.</summary>
    public int WebhookAttempts { get; set; } = 8;
}

public static class CarrierOptionsRegistration
{
    /// <summary>
    /// The <c>Carrier</c> section, checked at start: both secrets are required, and outside Development neither may be
    /// the value committed to the repository (anyone could sign callbacks or call the API with it).
    /// </summary>
    public static IServiceCollection AddCarrierOptions(this IServiceCollection services)
    {
        services.AddOptions<CarrierOptions>()
            .BindConfiguration(CarrierOptions.SectionName)
            .Validate(o => o.ApiKey.Length > 0, "Carrier:ApiKey is required.")
            .Validate(o => o.WebhookSecret.Length > 0, "Carrier:WebhookSecret is required.")
            .Validate<IHostEnvironment>((o, host) => host.IsDevelopment() || !DevelopmentSecrets.IsCommitted(o.ApiKey),
                DevelopmentSecrets.Refusal("Carrier:ApiKey", "non-Development"))
            .Validate<IHostEnvironment>((o, host) => host.IsDevelopment() || !DevelopmentSecrets.IsCommitted(o.WebhookSecret),
                DevelopmentSecrets.Refusal("Carrier:WebhookSecret", "non-Development"))
            .ValidateOnStart();
        return services;
    }
}
