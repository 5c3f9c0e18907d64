using System.Globalization;
using Marketplace.KafkaMockBroker;

// Hosts librdkafka's mock Kafka cluster (the real Kafka protocol on loopback sockets) for as long as this process
// lives, so other processes - silos, tests, integrator examples - produce and consume over the wire.
//   Marketplace.KafkaMockBroker [--brokers N] [--address-file PATH] [--topic NAME[:PARTITIONS]]...
// Prints "bootstrap.servers=<host:port,...>" on stdout and writes the bare address to --address-file.
// Topics not created up front are auto-created on first use with the mock's default partition count, or created
// while it runs by a line "topic NAME PARTITIONS" on stdin, answered by "created NAME" (the test fixtures use this:
// the mock does not implement the CreateTopics admin request).
var options = BrokerOptions.Parse(args);

using var cluster = MockCluster.Start(options.Brokers);
foreach (var topic in options.Topics)
{
    cluster.CreateTopic(topic.Name, topic.Partitions, Math.Min(options.Brokers, 3));
}

if (options.AddressFile is { } file)
{
    // Written under a temporary name and renamed, so a reader polling for the file never sees half an address.
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    var temporary = file + ".tmp";
    await File.WriteAllTextAsync(temporary, cluster.BootstrapServers);
    File.Move(temporary, file, overwrite: true);
}
Console.WriteLine($"bootstrap.servers={cluster.BootstrapServers}");

_ = Task.Run(() => ServeTopicRequests(cluster, options.Brokers));

var stopped = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stopped.TrySetResult();
await stopped.Task;

if (options.AddressFile is { } written)
{
    File.Delete(written);
}

static void ServeTopicRequests(MockCluster cluster, int brokers)
{
    while (Console.In.ReadLine() is { } line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is ["topic", var name, var partitions] && int.TryParse(partitions, CultureInfo.InvariantCulture, out var count))
        {
            cluster.CreateTopic(name, count, Math.Min(brokers, 3));
            Console.WriteLine($"created {name}");
        }
        else
        {
            Console.WriteLine($"error: expected 'topic NAME PARTITIONS', got '{line}'");
        }
    }
}

internal sealed record TopicRequest(string Name, int Partitions);

internal sealed record BrokerOptions(int Brokers, string? AddressFile, IReadOnlyList<TopicRequest> Topics)
{
    public static BrokerOptions Parse(string[] args)
    {
        var brokers = 1;
        string? addressFile = null;
        var topics = new List<TopicRequest>();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--brokers":
                    brokers = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--address-file":
                    addressFile = value;
                    break;
                case "--topic":
                    var parts = value.Split(':', 2);
                    topics.Add(new TopicRequest(parts[0], parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 8));
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}; usage: --brokers N --address-file PATH --topic NAME[:PARTITIONS]");
            }
        }
        return new BrokerOptions(brokers, addressFile, topics);
    }
}
