using Marketplace.Tests.Logistics;

namespace Marketplace.Tests.Operations;

/// <summary>
/// The logistics deployment (silo, three gateways, processor and carrier as real processes) with every silo and gateway
/// exporting its traces over OTLP to a receiver in the test process, as they would to an OpenTelemetry collector.
/// </summary>
public sealed class ObservedDeployment : LogisticsDeployment
{
    public OtlpTraceReceiver Traces { get; } = new();

    protected override IReadOnlyDictionary<string, string> MoreEnvironment => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Traces.Endpoint.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        // Export each batch after half a second rather than five, so a test sees its spans promptly.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Traces.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ObservedDeploymentCollection : ICollectionFixture<ObservedDeployment>
{
    public const string Name = "observed deployment";
}
