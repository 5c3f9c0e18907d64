using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Marketplace.ServiceDefaults.Orleans;
using Orleans.Configuration;

namespace Marketplace.Tests.Infrastructure;

public enum Gateway
{
    Public,
    Seller,
    Logistics,
}

/// <summary>
/// A whole marketplace on real servers, as deploy/local runs it: silo processes clustered through the ADO.NET
/// membership table in a fresh PostgreSQL database, Redis for carts and sessions, events on the Kafka stream provider
/// (<see cref="DeploymentStreams"/>), and the three gateways over real HTTP on loopback. Silos can be stopped, killed
/// and started again mid-test.
/// </summary>
public sealed class MarketplaceDeployment : IAsyncDisposable
{
    private readonly List<ServiceProcess> _silos = [];
    private readonly Dictionary<Gateway, ServiceProcess> _gateways = [];
    private readonly Dictionary<string, string> _environment;
    private readonly TestClusterClients _clients = new();
    private int _siloCount;

    private MarketplaceDeployment(string id, IReadOnlyDictionary<string, string> streams, IReadOnlyDictionary<string, string>? environment)
    {
        ClusterId = $"test-{id}";
        ServiceId = $"marketplace-{id}";
        Database = TestStores.NewPostgresDatabase("mk");
        _environment = new Dictionary<string, string>
        {
            ["Cluster__Mode"] = nameof(ClusteringMode.AdoNet),
            ["Cluster__ConnectionString"] = Database,
            ["Cluster__ClusterId"] = ClusterId,
            ["Cluster__ServiceId"] = ServiceId,
            // A killed silo is declared dead in seconds rather than the production default of about a minute.
            ["Cluster__Membership__ProbeTimeout"] = "00:00:01",
            ["Cluster__Membership__NumMissedProbesLimit"] = "2",
            ["Cluster__Membership__NumVotesForDeathDeclaration"] = "1",
            ["Cluster__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
            ["Storage__Profile"] = "Durable",
            ["Storage__Postgres"] = Database,
            ["Storage__Redis"] = TestStores.Redis,
            // Secrets of its own, as up.sh generates per install: nothing committed to the repository signs or signs in.
            ["Jwt__SigningKeys__0__Id"] = SigningKey.Id,
            ["Jwt__SigningKeys__0__Key"] = SigningKey.Key,
            ["Identity__Operator__Password"] = AuthenticatedClients.OperatorPassword,
            // Suites share one loopback address and drive far more requests than a person; RateLimitTests turn them on.
            ["RateLimiting__Enabled"] = "false",
            ["Dashboard__Password"] = DashboardPassword,
        };
        foreach (var (key, value) in streams.Concat(environment ?? new Dictionary<string, string>()))
        {
            _environment[key] = value;
        }
    }

    /// <summary>The key the gateways sign with (Jwt:SigningKeys:0), so a test can mint the tokens an attacker holding it could.</summary>
    public TestSigningKey SigningKey { get; } = TestSigningKey.Generate();

    /// <summary>The silos' Orleans dashboard login (user <c>operator</c>), generated per deployment.</summary>
    public string DashboardPassword { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public string ClusterId { get; }
    public string ServiceId { get; }

    /// <summary>The deployment's own PostgreSQL database: membership, reminders and every PostgreSQL store.</summary>
    public string Database { get; }

    public IReadOnlyList<ServiceProcess> Silos => _silos;

    public static async Task<MarketplaceDeployment> StartAsync(int silos = 1, IEnumerable<Gateway>? gateways = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var deployment = new MarketplaceDeployment(id, await DeploymentStreams.KafkaEnvironmentAsync($"marketplace-{id}"), environment);
        try
        {
            // The first silo creates the database and its tables; the others join once it is up.
            // With none, the caller starts the silos itself (on hosts of their own, say).
            if (silos > 0)
            {
                await deployment.StartSiloAsync();
                await Task.WhenAll(Enumerable.Range(1, silos - 1).Select(_ => deployment.StartSiloAsync()));
            }
            await Task.WhenAll((gateways ?? []).Select(deployment.StartGatewayAsync));
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts another silo with the deployment's settings and <paramref name="overrides"/>, on <paramref name="host"/> (loopback unless given).</summary>
    public async Task<ServiceProcess> StartSiloAsync(IReadOnlyDictionary<string, string>? overrides = null, ProcessHost? host = null)
    {
        var number = Interlocked.Increment(ref _siloCount);
        var environment = new Dictionary<string, string>(_environment)
        {
            ["Cluster__SiloPort"] = FreePorts.Next().ToString(),
            ["Cluster__GatewayPort"] = FreePorts.Next().ToString(),
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        var silo = await ServiceProcess.StartAsync($"silo-{number}", "src/Silo", "Marketplace.Silo.dll", FreePorts.Next(), environment, host: host);
        lock (_silos)
        {
            _silos.Add(silo);
        }
        return silo;
    }

    public async Task<ServiceProcess> StartGatewayAsync(Gateway gateway)
    {
        var process = await StartExtraGatewayAsync(gateway);
        lock (_gateways)
        {
            _gateways[gateway] = process;
        }
        return process;
    }

    /// <summary>Another process of <paramref name="gateway"/>'s kind beside the deployment's own (the caller disposes it), configured with <paramref name="overrides"/>.</summary>
    public Task<ServiceProcess> StartExtraGatewayAsync(Gateway gateway, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var environment = new Dictionary<string, string>(_environment);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return ServiceProcess.StartAsync($"{gateway}-gateway", $"src/ApiFrontends/{gateway}",
            $"Marketplace.Gateways.{gateway}.dll", FreePorts.Next(), environment);
    }

    public ServiceProcess this[Gateway gateway] => _gateways[gateway];

    public HttpClient CreateClient(Gateway gateway) => _gateways[gateway].CreateClient();

    /// <summary>An HTTP client of <paramref name="silo"/> that signs in to its dashboard.</summary>
    public HttpClient CreateDashboardClient(ServiceProcess silo)
    {
        var http = silo.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{DashboardPassword}")));
        return http;
    }

    /// <summary>
    /// An Orleans client of this deployment in the test process, found through the same membership table as the gateways;
    /// <paramref name="configure"/> adds to it (TLS, say).
    /// </summary>
    public Task<IClusterClient> ConnectClientAsync(Action<IClientBuilder>? configure = null) => _clients.ConnectAsync(client =>
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = ClusterId;
            o.ServiceId = ServiceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = MarketplaceClusterOptions.AdoNetInvariant;
            o.ConnectionString = Database;
        });
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        configure?.Invoke(client);
    });

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        await Task.WhenAll(_gateways.Values.Concat(_silos).Select(p => p.DisposeAsync().AsTask()));
    }
}
