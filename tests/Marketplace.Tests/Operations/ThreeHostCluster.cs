using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;
using Npgsql;
using Orleans.Runtime;

namespace Marketplace.Tests.Operations;

/// <summary>
/// The marketplace across three hosts: a silo in each of three network namespaces (<see cref="HostNetwork"/>), each
/// advertising its host's address and listening on Orleans' default ports there, all on the test stack's PostgreSQL
/// and Redis and the card processor, which stay on the root namespace (the services host) and are served on the
/// bridge address to the hosts. The public gateway runs on the root namespace and reaches the silos through the
/// addresses in the membership table, as a gateway on a host of its own would.
/// </summary>
public sealed class ThreeHostCluster : IAsyncLifetime
{
    private const int SiloPort = 11111;
    private const int SiloGatewayPort = 30000;
    private readonly Dictionary<NetworkHost, ServiceProcess> _silos = [];

    public HostNetwork Network { get; private set; } = null!;
    public PaymentGatewayProcess Processor { get; private set; } = null!;
    public MarketplaceDeployment Deployment { get; private set; } = null!;
    public IClusterClient Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!HostNetworkFactAttribute.Runs)
        {
            return;
        }
        try
        {
            Network = await HostNetwork.CreateAsync(hosts: 3);
            Processor = await PaymentGatewayProcess.StartAsync();
            foreach (var port in new[] { PostgresPort, RedisPort, Processor.BaseAddress.Port })
            {
                Network.Expose(port);
            }
            Deployment = await MarketplaceDeployment.StartAsync(silos: 0, gateways: [], environment: new Dictionary<string, string>
            {
                ["Payments__FirstRetryDelay"] = "00:00:00.500",
                ["Payments__MaxRetryDelay"] = "00:00:02",
                ["Payments__ReminderPeriod"] = "00:00:05",
                ["Ordering__ReminderPeriod"] = "00:00:05",
                // librdkafka's mock cluster listens on the root namespace's loopback and names that address in its
                // metadata, which no host namespace can reach: this cluster's events stay on memory streams.
                ["Streams__Provider"] = "Memory",
            });
            // The first silo creates the database; the others join it.
            await StartSiloAsync(Network.Hosts[0]);
            await Task.WhenAll(Network.Hosts.Skip(1).Select(StartSiloAsync));
            await Deployment.StartGatewayAsync(Gateway.Public);
            Cluster = await Deployment.ConnectClientAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public ServiceProcess SiloOf(NetworkHost host) => _silos[host];

    /// <summary>Starts the host's silo (again, as its supervisor would after it died): same address and ports, a new generation.</summary>
    public async Task<ServiceProcess> StartSiloAsync(NetworkHost host)
    {
        var bridge = Network.BridgeAddress.ToString();
        var database = new NpgsqlConnectionStringBuilder(Deployment.Database) { Host = bridge }.ConnectionString;
        var silo = await Deployment.StartSiloAsync(new Dictionary<string, string>
        {
            ["Cluster__AdvertisedAddress"] = host.Address,
            ["Cluster__SiloPort"] = SiloPort.ToString(),
            ["Cluster__GatewayPort"] = SiloGatewayPort.ToString(),
            ["Cluster__ConnectionString"] = database,
            ["Storage__Postgres"] = database,
            ["Storage__Redis"] = $"{bridge}:{RedisPort}",
            ["Payments__GatewayUrl"] = $"http://{bridge}:{Processor.BaseAddress.Port}/",
        }, host.Processes);
        lock (_silos)
        {
            _silos[host] = silo;
        }
        return silo;
    }

    /// <summary>Every silo the membership table has known, the dead included.</summary>
    public async Task<List<MembershipEntry>> Membership()
    {
        await using var connection = new NpgsqlConnection(Deployment.Database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT address, port, generation, status FROM orleansmembershiptable WHERE deploymentid = @cluster", connection);
        query.Parameters.AddWithValue("cluster", Deployment.ClusterId);
        await using var row = await query.ExecuteReaderAsync();
        var entries = new List<MembershipEntry>();
        while (await row.ReadAsync())
        {
            entries.Add(new MembershipEntry(row.GetString(0), row.GetInt32(1), row.GetInt32(2), (SiloStatus)row.GetInt32(3)));
        }
        return entries;
    }

    /// <summary>The host's silo the table holds as Active (exactly one), waiting until it is; a timeout tells what the table and the silo said.</summary>
    public async Task<MembershipEntry> ActiveEntry(NetworkHost host)
    {
        try
        {
            return (await Eventually.Until(async () => (await Membership()).SingleOrDefault(e => e.Address == host.Address && e.Status == SiloStatus.Active),
                e => e is not null, TimeSpan.FromSeconds(60), $"the silo of {host.Name} to be active in the membership table"))!;
        }
        catch (TimeoutException e)
        {
            var table = string.Join("; ", (await Membership()).Select(m => $"{m.Address}:{m.Port} gen {m.Generation} {m.Status}"));
            ServiceProcess? silo;
            lock (_silos)
            {
                silo = _silos.GetValueOrDefault(host);
            }
            throw new TimeoutException($"{e.Message}\nmembership: {table}\n{host.Name}'s silo " +
                $"{(silo is null ? "was never started" : silo.HasExited ? $"exited ({silo.ExitCode})" : "runs")}:\n{silo?.RecentOutput(lines: 40)}", e);
        }
    }

    /// <summary>Until every host's silo is active in the table: the cluster is whole.</summary>
    public Task WholeAsync() => Task.WhenAll(Network.Hosts.Select(ActiveEntry));

    /// <summary>The host whose silo holds <paramref name="grain"/>'s activation, or null if none is known.</summary>
    public async Task<NetworkHost?> HostOf(IAddressable grain)
    {
        var silo = await Cluster.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return Network.Hosts.SingleOrDefault(h => h.Address == silo?.Endpoint.Address.ToString());
    }

    public async Task DisposeAsync()
    {
        if (Deployment is not null)
        {
            await Deployment.DisposeAsync();
        }
        if (Processor is not null)
        {
            await Processor.DisposeAsync();
        }
        if (Network is not null)
        {
            await Network.DisposeAsync();
        }
    }

    private static int PostgresPort => new NpgsqlConnectionStringBuilder(TestStores.PostgresServer).Port;

    /// <summary>The port of the stack's Redis (<c>127.0.0.1:PORT</c>).</summary>
    private static int RedisPort => int.Parse(TestStores.Redis.Split(':')[1]);
}

/// <summary>A row of the ADO.NET membership table: a silo is its address, port and generation (its start time).</summary>
public sealed record MembershipEntry(string Address, int Port, int Generation, SiloStatus Status)
{
    public bool IsSameSilo(MembershipEntry other) => (Address, Port, Generation) == (other.Address, other.Port, other.Generation);
}
