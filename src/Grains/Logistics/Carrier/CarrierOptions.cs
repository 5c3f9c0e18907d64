namespace Marketplace.Grains.Logistics.Carrier;

/// <summary>Where the external carrier's API is and how patiently we call it. Bound from <c>Logistics:Carrier</c>.</summary>
public sealed class CarrierOptions
{
    public const string SectionName = "Logistics:Carrier";

    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:5500");

    /// <summary>Sent as <c>X-Api-Key</c>; the carrier rejects calls without it. Outside Development never the committed one.</summary>
    public string ApiKey { get; set; } = "";

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(8);
    public int MaxRetries { get; set; } = 2;

    /// <summary>After the circuit opens, calls fail at once for this long instead of piling onto a dead carrier.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(10);
}
