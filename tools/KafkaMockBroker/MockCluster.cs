using System.Runtime.InteropServices;
using System.Text;

namespace Marketplace.KafkaMockBroker;

/// <summary>
/// librdkafka's mock cluster, driven through its C API: Confluent.Kafka does not expose the mock cluster's topic
/// creation, and the mock does not implement the CreateTopics admin request. The native library is the one
/// Confluent.Kafka ships (librdkafka.redist), so clients and broker speak the same protocol version.
/// </summary>
internal sealed partial class MockCluster : IDisposable
{
    private const string Librdkafka = "librdkafka";
    private const int ProducerType = 0;

    private readonly IntPtr client;
    private readonly IntPtr cluster;

    private MockCluster(IntPtr client, IntPtr cluster, string bootstrapServers)
    {
        this.client = client;
        this.cluster = cluster;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static MockCluster Start(int brokers)
    {
        NativeLibrary.SetDllImportResolver(typeof(MockCluster).Assembly, ResolveLibrdkafka);
        var error = new byte[512];
        var client = rd_kafka_new(ProducerType, rd_kafka_conf_new(), error, (nuint)error.Length);
        if (client == IntPtr.Zero)
        {
            throw new InvalidOperationException($"librdkafka: {Encoding.UTF8.GetString(error).TrimEnd('\0')}");
        }
        var cluster = rd_kafka_mock_cluster_new(client, brokers);
        if (cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(client);
            throw new InvalidOperationException("librdkafka could not start the mock cluster.");
        }
        var bootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster))!;
        return new MockCluster(client, cluster, bootstrapServers);
    }

    /// <summary>
    /// librdkafka.redist ships one build per Linux family; take the first that loads here (the default build needs
    /// libsasl2.so.3, which Debian does not have), in the order Confluent.Kafka itself tries them.
    /// </summary>
    private static IntPtr ResolveLibrdkafka(string name, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Librdkafka)
        {
            return IntPtr.Zero;
        }
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64", "native");
        foreach (var candidate in new[] { "librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so" })
        {
            if (NativeLibrary.TryLoad(Path.Combine(native, candidate), out var handle))
            {
                return handle;
            }
        }
        throw new DllNotFoundException($"No librdkafka build in {native} loads on this machine.");
    }

    public void CreateTopic(string name, int partitions, int replicationFactor)
    {
        var error = rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor);
        if (error != 0)
        {
            throw new InvalidOperationException($"Creating topic {name} failed with librdkafka error {error}.");
        }
    }

    public void Dispose()
    {
        rd_kafka_mock_cluster_destroy(cluster);
        rd_kafka_destroy(client);
    }

    [LibraryImport(Librdkafka)]
    private static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Librdkafka)]
    private static partial IntPtr rd_kafka_new(int type, IntPtr conf, [Out] byte[] errorText, nuint errorTextSize);

    [LibraryImport(Librdkafka)]
    private static partial void rd_kafka_destroy(IntPtr kafka);

    [LibraryImport(Librdkafka)]
    private static partial IntPtr rd_kafka_mock_cluster_new(IntPtr kafka, int brokers);

    [LibraryImport(Librdkafka)]
    private static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(Librdkafka)]
    private static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [LibraryImport(Librdkafka, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitionCount, int replicationFactor);
}
