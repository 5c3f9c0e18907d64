using System.Diagnostics;

namespace Marketplace.Bench.KafkaStreams;

/// <summary>tools/KafkaMockBroker as a child process, with the bench's topics created up front.</summary>
internal sealed class MockBroker : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private MockBroker(Process process, string directory, string bootstrapServers)
    {
        this.process = process;
        this.directory = directory;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    /// <summary>CPU the broker process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public static async Task<MockBroker> StartAsync(IEnumerable<string> topics, int partitions)
    {
        var directory = Directory.CreateTempSubdirectory("bench-kafka-").FullName;
        var addressFile = Path.Combine(directory, "bootstrap");
        // Same build configuration and target folder layout as this bench: bench/KafkaStreams/bin/<cfg>/net10.0/.
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var repo = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repo, "tools", "KafkaMockBroker", "bin", output.Parent.Name, output.Name, "Marketplace.KafkaMockBroker.dll");
        var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--address-file", addressFile, .. topics.SelectMany(topic => new[] { "--topic", $"{topic}:{partitions}" })])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {dll}");
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(addressFile))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"the mock broker ({dll}) did not start");
            }
            await Task.Delay(50);
        }
        return new MockBroker(process, directory, await File.ReadAllTextAsync(addressFile));
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
