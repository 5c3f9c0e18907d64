using System.Diagnostics;
using System.Globalization;
using Marketplace.Bench.KafkaStreams;
using Marketplace.Streaming.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

// Publish -> subscriber latency through the Kafka stream provider at fixed open-loop rates: producer -> broker ->
// pulling agent -> implicit and explicit subscriber grains of a real silo, one process, one clock.
//   Marketplace.Bench.KafkaStreams [--rates 500,2000,5000] [--seconds 10] [--streams 64] [--partitions 8]
//     [--configs before,after] [--pulling-ms N --fetch-wait-ms N --linger-ms N (adds config "custom")] [--bootstrap host:port]
var settings = BenchSettings.Parse(args);
var runId = Guid.NewGuid().ToString("N")[..8];
var topics = settings.Configs.ToDictionary(c => c.Name, c => $"bench.streams.{c.Name}.{runId}");
await using var broker = settings.Bootstrap is null ? await MockBroker.StartAsync(topics.Values, settings.Partitions) : null;
var bootstrap = settings.Bootstrap ?? broker!.BootstrapServers;

Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine("| config | pulling ms | fetch wait ms | linger ms | rate/s | events | delivered/s | p50 ms | p99 ms | max ms | lost | duplicated | CPU µs/event (silo+broker) | others' CPU % |");
Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
var run = 0;
foreach (var config in settings.Configs)
{
    await using var silo = await BenchSilo.StartAsync(bootstrap, topics[config.Name], settings.Partitions, config);
    var streams = await silo.SubscribeAsync(settings.Streams);
    foreach (var rate in settings.Rates)
    {
        var events = rate * settings.Seconds;
        var siloCpuBefore = SiloCpu();
        var brokerCpuBefore = BrokerCpu();
        var machineBefore = MachineCpu.Busy();
        var started = Stopwatch.GetTimestamp();
        DeliveryRecorder.Start(++run, events);
        var failed = await OpenLoop.PublishAsync(streams, run, rate, events);
        var complete = await DeliveryRecorder.WaitForAsync(events - failed, TimeSpan.FromSeconds(30));
        var recorded = DeliveryRecorder.Current;
        var window = Stopwatch.GetElapsedTime(started);
        var cpu = new RunCpu(SiloCpu() - siloCpuBefore, BrokerCpu() - brokerCpuBefore);
        var others = MachineCpu.Busy() - machineBefore - cpu.Silo - cpu.Broker;
        Console.WriteLine(Row(config, rate, events, failed, recorded, Stopwatch.GetElapsedTime(started, recorded.LastDeliveredAt), cpu, others / (window * Environment.ProcessorCount)));
        if (!complete)
        {
            // Anything still in flight would land in the next run's window and skew it.
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }
}

static TimeSpan SiloCpu() => Process.GetCurrentProcess().TotalProcessorTime;
TimeSpan BrokerCpu() => broker?.ProcessorTime ?? TimeSpan.Zero;

static string Row(BenchConfig config, int rate, int events, int failed, DeliveryRecorder.Run run, TimeSpan lastDelivery, RunCpu cpu, double othersShare)
{
    var delivered = run.LatenciesMs.Where((_, i) => run.Deliveries[i] > 0).Order().ToArray();
    double Percentile(double p) => delivered.Length == 0 ? double.NaN : delivered[Math.Clamp((int)Math.Ceiling(p * delivered.Length) - 1, 0, delivered.Length - 1)];
    var lost = run.Deliveries.Count(d => d == 0) - failed;
    var duplicated = run.Deliveries.Where(d => d > 1).Sum(d => d - 1);
    return string.Create(CultureInfo.InvariantCulture,
        $"| {config.Name} | {config.Options.PullingPeriod.TotalMilliseconds:F0} | {config.Options.ConsumerFetchWait.TotalMilliseconds:F0} | {config.Options.ProducerLinger.TotalMilliseconds:F0} | " +
        $"{rate} | {events} | {delivered.Length / lastDelivery.TotalSeconds:F0} | {Percentile(0.50):F1} | {Percentile(0.99):F1} | {(delivered.Length == 0 ? double.NaN : delivered[^1]):F1} | " +
        $"{lost}{(failed > 0 ? $" (+{failed} publish failures)" : "")} | {duplicated} | {cpu.Silo.TotalMicroseconds / Math.Max(1, delivered.Length):F0} + {cpu.Broker.TotalMicroseconds / Math.Max(1, delivered.Length):F0} | {othersShare * 100:F0} |");
}

/// <summary>CPU used during one run by the bench process (silo and publisher) and by the mock broker process.</summary>
internal sealed record RunCpu(TimeSpan Silo, TimeSpan Broker);

/// <summary>A silo hosting the provider with one configuration, on its own topic and consumer group.</summary>
internal sealed class BenchSilo(IHost host) : IAsyncDisposable
{
    public static async Task<BenchSilo> StartAsync(string bootstrap, string topic, int partitions, BenchConfig config)
    {
        var builder = Host.CreateApplicationBuilder();
        // Orleans warns about ServerGC and, on a loaded machine, watchdog stalls: noise between the table rows.
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddKafkaStreams(BenchStream.Provider, kafka =>
            {
                kafka.BootstrapServers = bootstrap;
                kafka.Topic = topic;
                kafka.Partitions = partitions;
                kafka.ConsumerGroup = $"bench-{Guid.NewGuid():N}";
                kafka.PullingPeriod = config.Options.PullingPeriod;
                kafka.ConsumerFetchWait = config.Options.ConsumerFetchWait;
                kafka.ProducerLinger = config.Options.ProducerLinger;
            });
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    /// <summary>
    /// Half the streams reach an implicit subscriber, half an explicit one; a warm-up event per stream activates
    /// every subscriber and opens every partition's receiver before anything is measured.
    /// </summary>
    public async Task<IAsyncStream<BenchEvent>[]> SubscribeAsync(int count)
    {
        var client = host.Services.GetRequiredService<IClusterClient>();
        var provider = client.GetStreamProvider(BenchStream.Provider);
        var streams = new IAsyncStream<BenchEvent>[count];
        for (var i = 0; i < count; i++)
        {
            var key = $"s{i}";
            if (i % 2 == 0)
            {
                streams[i] = provider.GetStream<BenchEvent>(StreamId.Create(BenchStream.ImplicitNamespace, key));
            }
            else
            {
                await client.GetGrain<IExplicitBenchSubscriber>(key).SubscribeAsync();
                streams[i] = provider.GetStream<BenchEvent>(StreamId.Create(BenchStream.ExplicitNamespace, key));
            }
        }
        DeliveryRecorder.Start(0, count);
        await Task.WhenAll(streams.Select((s, i) => s.OnNextAsync(new BenchEvent(0, i, Stopwatch.GetTimestamp()))));
        if (!await DeliveryRecorder.WaitForAsync(count, TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException($"only {DeliveryRecorder.Current.Distinct} of {count} warm-up events arrived");
        }
        return streams;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

internal static class OpenLoop
{
    /// <summary>
    /// Publishes event i at start + i/rate whatever the previous publishes are doing (open loop): every millisecond or
    /// so it sends all events that fell due, round-robin over the streams. Returns how many publishes failed.
    /// </summary>
    public static async Task<int> PublishAsync(IAsyncStream<BenchEvent>[] streams, int run, int rate, int events)
    {
        var failed = 0;
        var pending = new List<Task>(events);
        var start = Stopwatch.GetTimestamp();
        var ticksPerEvent = Stopwatch.Frequency / (double)rate;
        for (var next = 0; next < events;)
        {
            var now = Stopwatch.GetTimestamp();
            for (; next < events && start + (long)(next * ticksPerEvent) <= now; next++)
            {
                var due = start + (long)(next * ticksPerEvent);
                pending.Add(Publish(streams[next % streams.Length], new BenchEvent(run, next, due)));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(pending);
        return failed;

        async Task Publish(IAsyncStream<BenchEvent> stream, BenchEvent e)
        {
            try
            {
                await stream.OnNextAsync(e);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref failed);
            }
        }
    }
}

/// <summary>A named set of the provider's latency settings.</summary>
internal sealed record BenchConfig(string Name, KafkaStreamOptions Options)
{
    /// <summary>What the provider shipped with before: Orleans' 100 ms pulling period, librdkafka's 500 ms fetch wait.</summary>
    public static BenchConfig Before { get; } = new("before", new KafkaStreamOptions
    {
        PullingPeriod = TimeSpan.FromMilliseconds(100),
        ConsumerFetchWait = TimeSpan.FromMilliseconds(500),
        ProducerLinger = TimeSpan.FromMilliseconds(2),
    });

    /// <summary>The provider's defaults.</summary>
    public static BenchConfig After { get; } = new("after", new KafkaStreamOptions());
}

internal sealed record BenchSettings(int[] Rates, int Seconds, int Streams, int Partitions, List<BenchConfig> Configs, string? Bootstrap)
{
    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings([500, 2000, 5000], 10, 64, 8, [BenchConfig.Before, BenchConfig.After], null);
        KafkaStreamOptions? custom = null;
        int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--rates": settings = settings with { Rates = value.Split(',').Select(Int).ToArray() }; break;
                case "--seconds": settings = settings with { Seconds = Int(value) }; break;
                case "--streams": settings = settings with { Streams = Int(value) }; break;
                case "--partitions": settings = settings with { Partitions = Int(value) }; break;
                case "--bootstrap": settings = settings with { Bootstrap = value }; break;
                case "--configs":
                    settings = settings with { Configs = value.Split(',').Select(name => name switch
                    {
                        "before" => BenchConfig.Before,
                        "after" => BenchConfig.After,
                        _ => throw new ArgumentException($"unknown config {name} (before, after)"),
                    }).ToList() };
                    break;
                case "--pulling-ms": (custom ??= new()).PullingPeriod = TimeSpan.FromMilliseconds(Int(value)); break;
                case "--fetch-wait-ms": (custom ??= new()).ConsumerFetchWait = TimeSpan.FromMilliseconds(Int(value)); break;
                case "--linger-ms": (custom ??= new()).ProducerLinger = TimeSpan.FromMilliseconds(Int(value)); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return custom is null ? settings : settings with { Configs = [.. settings.Configs, new BenchConfig("custom", custom)] };
    }
}
