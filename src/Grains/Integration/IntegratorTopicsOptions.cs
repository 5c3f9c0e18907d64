namespace Marketplace.Grains.Integration;

/// <summary>
/// The <c>IntegratorTopics</c> section: the Kafka cluster integrators read. Each domain's events go to
/// <c>{TopicPrefix}.{domain}.v1</c>. Without <see cref="BootstrapServers"/> nothing is forwarded (in-memory profile).
/// </summary>
public sealed class IntegratorTopicsOptions
{
    public const string SectionName = "IntegratorTopics";

    public string BootstrapServers { get; set; } = "";

    public string TopicPrefix { get; set; } = "marketplace";

    /// <summary>Extra librdkafka producer settings (security.protocol, sasl.*, ssl.*...).</summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    public bool Enabled => !string.IsNullOrWhiteSpace(BootstrapServers);
}
