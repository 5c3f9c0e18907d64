using System.Diagnostics;
using System.Globalization;
using Marketplace.Bench.KafkaStreams;
using Marketplace.Streaming.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

// Events per second through the Kafka stream provider, producer -> broker -> pulling agent -> subscriber grain,
// with end-to-end latency (publish call start to the subscriber's handler) p50/p99.
//   Marketplace.Bench.KafkaStreams [--events N] [--streams S] [--concurrency C] [--partitions P] [--bootstrap host:port]
var settings = BenchSettings.Parse(args);
await using var broker = settings.Bootstrap is null ? await MockBroker.StartAsync(settings.Partitions) : null;
var bootstrap = settings.Bootstrap ?? broker!.BootstrapServers;
var topic = settings.Bootstrap is null ? MockBroker.Topic : $"bench.streams.{Guid.NewGuid():N}";

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering();
    silo.AddMemoryGrainStorage("PubSubStore");
    silo.AddKafkaStreams(BenchStream.Provider, kafka =>
    {
        kafka.BootstrapServers = bootstrap;
        kafka.Topic = topic;
        kafka.Partitions = settings.Partitions;
        kafka.ConsumerGroup = $"bench-{Guid.NewGuid():N}";
    });
});
using var host = builder.Build();
await host.StartAsync();

var client = host.Services.GetRequiredService<IClusterClient>();
var provider = client.GetStreamProvider(BenchStream.Provider);
var streams = Enumerable.Range(0, settings.Streams)
    .Select(i => provider.GetStream<BenchEvent>(StreamId.Create(BenchStream.Namespace, $"s{i}")))
    .ToArray();

// Warm-up: one event per stream activates every subscriber and opens every partition's receiver.
await Task.WhenAll(streams.Select(s => s.OnNextAsync(new BenchEvent(-1, Stopwatch.GetTimestamp()))));
await LatencyRecorder.WaitForAsync(settings.Streams, TimeSpan.FromSeconds(60));
LatencyRecorder.Reset();

var started = Stopwatch.StartNew();
var next = -1;
await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async _ =>
{
    int sequence;
    while ((sequence = Interlocked.Increment(ref next)) < settings.Events)
    {
        await streams[sequence % streams.Length].OnNextAsync(new BenchEvent(sequence, Stopwatch.GetTimestamp()));
    }
}));
var published = started.Elapsed;
await LatencyRecorder.WaitForAsync(settings.Events, TimeSpan.FromMinutes(5));
var delivered = started.Elapsed;

var latencies = LatencyRecorder.Snapshot();
Array.Sort(latencies);
double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Length) - 1, 0, latencies.Length - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| events | streams | partitions | concurrency | publish/s | delivered/s | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|---|---|\n" +
    $"| {settings.Events} | {settings.Streams} | {settings.Partitions} | {settings.Concurrency} | {settings.Events / published.TotalSeconds:F0} | " +
    $"{settings.Events / delivered.TotalSeconds:F0} | {Percentile(0.50):F1} | {Percentile(0.99):F1} | {latencies[^1]:F1} |"));

await host.StopAsync();

internal sealed record BenchSettings(int Events, int Streams, int Concurrency, int Partitions, string? Bootstrap)
{
    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings(20_000, 64, 64, 8, null);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            settings = args[i] switch
            {
                "--events" => settings with { Events = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--streams" => settings with { Streams = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--concurrency" => settings with { Concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--partitions" => settings with { Partitions = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--bootstrap" => settings with { Bootstrap = args[i + 1] },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return settings;
    }
}
