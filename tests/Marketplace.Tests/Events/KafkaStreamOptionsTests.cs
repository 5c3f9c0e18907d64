using Marketplace.Common;
using Marketplace.Silo.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Marketplace.Tests.Events;

/// <summary>
/// The Kafka provider's latency settings come from the silo's <c>Streams:Kafka</c> section alone - including the
/// Orleans pulling agent's period - and a bad one stops the silo at start, naming every problem.
/// </summary>
public sealed class KafkaStreamOptionsTests
{
    [Fact]
    public void The_pulling_period_set_in_the_streams_section_drives_the_providers_pulling_agents()
    {
        using var host = BuildSilo(new() { ["Streams:Kafka:PullingPeriod"] = "00:00:00.020" });

        var agent = host.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(StreamNames.Provider);

        Assert.Equal(TimeSpan.FromMilliseconds(20), agent.GetQueueMsgsTimerPeriod);
    }

    [Fact]
    public async Task A_silo_with_a_zero_pulling_period_and_fetch_wait_refuses_to_start_and_names_both()
    {
        using var host = BuildSilo(new()
        {
            ["Streams:Kafka:PullingPeriod"] = "00:00:00",
            ["Streams:Kafka:ConsumerFetchWait"] = "00:00:00",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("PullingPeriod", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ConsumerFetchWait", StringComparison.Ordinal));
    }

    /// <summary>A silo host configured like the silo process (Provider=Kafka), built but not started.</summary>
    private static IHost BuildSilo(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streams:Provider"] = "Kafka",
            ["Streams:Kafka:BootstrapServers"] = "127.0.0.1:9",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMarketplaceEventStreams(builder.Configuration);
        });
        return builder.Build();
    }
}
