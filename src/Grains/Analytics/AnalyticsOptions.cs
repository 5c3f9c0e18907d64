namespace Marketplace.Grains.Analytics;

/// <summary>
/// The <c>Analytics:ClickHouse</c> section: the ClickHouse server (HTTP interface) order, payment and shipment events
/// land in. Without <see cref="Url"/> nothing is written (in-memory profile).
/// </summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Analytics:ClickHouse";

    /// <summary>HTTP interface, e.g. http://127.0.0.1:58123/.</summary>
    public string Url { get; set; } = "";

    public string Database { get; set; } = "marketplace_analytics";

    public string User { get; set; } = "default";

    public string Password { get; set; } = "";

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
