using Marketplace.Silo.Storage;
using Marketplace.ServiceDefaults.Orleans;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// One silo process in the Sqlite storage profile, as <c>dotnet run --project src/Silo</c> runs by default: localhost
/// clustering, every store and the reminders in one SQLite file, here in a temporary folder of its own. The silo can
/// be killed and started again on the same file mid-test.
/// </summary>
public sealed class SqliteSilo : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"marketplace-sqlite-{Guid.NewGuid():N}");
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, string> _environment;
    private readonly TestClusterClients _clients = new();
    private int _gatewayPort;

    private SqliteSilo(IReadOnlyDictionary<string, string>? environment)
    {
        Directory.CreateDirectory(_folder);
        _environment = new Dictionary<string, string>
        {
            ["Cluster__Mode"] = nameof(ClusteringMode.Localhost),
            ["Cluster__ClusterId"] = $"test-{_id}",
            ["Cluster__ServiceId"] = $"marketplace-{_id}",
            ["Storage__Profile"] = nameof(StorageProfile.Sqlite),
            ["Storage__Sqlite"] = $"Data Source={DatabaseFile}",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            _environment[key] = value;
        }
    }

    public string DatabaseFile => Path.Combine(_folder, "marketplace.db");

    public ServiceProcess Process { get; private set; } = null!;

    public static async Task<SqliteSilo> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var silo = new SqliteSilo(environment);
        try
        {
            await silo.StartProcessAsync();
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILLs the silo and starts a new one on the same database (on new ports: nothing else is carried over).</summary>
    public async Task KillAndRestartAsync()
    {
        await Process.KillAsync();
        await Process.DisposeAsync();
        await StartProcessAsync();
    }

    /// <summary>An Orleans client of the silo running now, in the test process.</summary>
    public Task<IClusterClient> ConnectClientAsync() =>
        _clients.ConnectAsync(client => client.UseLocalhostClustering(_gatewayPort, _environment["Cluster__ServiceId"], _environment["Cluster__ClusterId"]));

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }

    private async Task StartProcessAsync()
    {
        var siloPort = FreePorts.Next();
        _gatewayPort = FreePorts.Next();
        var environment = new Dictionary<string, string>(_environment)
        {
            ["Cluster__SiloPort"] = siloPort.ToString(),
            ["Cluster__PrimarySiloPort"] = siloPort.ToString(),
            ["Cluster__GatewayPort"] = _gatewayPort.ToString(),
        };
        Process = await ServiceProcess.StartAsync("sqlite-silo", "src/Silo", "Marketplace.Silo.dll", FreePorts.Next(), environment);
    }
}
