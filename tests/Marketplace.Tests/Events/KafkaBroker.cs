using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Events;

/// <summary>
/// A Kafka broker for the tests: the one MARKETPLACE_KAFKA names (bootstrap servers of a real cluster), otherwise
/// the librdkafka mock cluster of tools/KafkaMockBroker started as a child process, as deploy/local/stack.sh runs it.
/// Either way clients reach it over the Kafka protocol on sockets. Share it with <c>[Collection(KafkaCollection.Name)]</c>.
/// </summary>
public sealed class KafkaBroker : IAsyncLifetime
{
    private readonly SemaphoreSlim _topicRequests = new(1, 1);
    private readonly System.Threading.Channels.Channel<string> _replies = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private Process? _process;
    private string? _addressDirectory;

    public string BootstrapServers { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("MARKETPLACE_KAFKA") is { Length: > 0 } external)
        {
            BootstrapServers = external;
            return;
        }

        _addressDirectory = Directory.CreateTempSubdirectory("kafka-mock-").FullName;
        var addressFile = Path.Combine(_addressDirectory, "bootstrap");
        var dll = RepoPaths.BuildOutput("tools/KafkaMockBroker", "Marketplace.KafkaMockBroker.dll");
        _process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--brokers", "1", "--address-file", addressFile])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {dll}");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _replies.Writer.TryWrite(line);
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        BootstrapServers = await Eventually.Until(
            () => Task.FromResult(File.Exists(addressFile) ? File.ReadAllText(addressFile) : ""),
            address => address.Length > 0 || _process.HasExited,
            TimeSpan.FromSeconds(30), "the mock Kafka broker's address file");
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the mock Kafka broker exited with code {_process.ExitCode}");
        }
    }

    /// <summary>Creates a topic of its own for one test, so tests never see each other's messages or offsets.</summary>
    public async Task<string> CreateTopicAsync(string prefix, int partitions)
    {
        var topic = $"{prefix}.{Guid.NewGuid():N}";
        await CreateNamedTopicAsync(topic, partitions);
        return topic;
    }

    public async Task CreateNamedTopicAsync(string topic, int partitions)
    {
        if (_process is null)
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
            return;
        }

        // The mock implements no CreateTopics request; its host process creates topics on request instead.
        await _topicRequests.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync($"topic {topic} {partitions}");
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (await _replies.Reader.ReadAsync(timeout.Token) is var reply && reply != $"created {topic}")
            {
            }
        }
        finally
        {
            _topicRequests.Release();
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process?.Dispose();
        if (_addressDirectory is not null)
        {
            Directory.Delete(_addressDirectory, recursive: true);
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaBroker>
{
    public const string Name = "kafka";
}
