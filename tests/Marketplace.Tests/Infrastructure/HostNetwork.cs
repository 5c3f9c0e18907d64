using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Hosts of their own on this machine: a network namespace per host, each joined by a veth pair to one bridge in the
/// root namespace, on a /24 of the network's own (10.213.N.0/24: the bridge is .1, host i is .(10+i)). A host has no
/// route but that subnet, so what it runs reaches its peers and the bridge address and nothing else. The root namespace
/// plays the services host: the test stack's servers listen on its loopback, and <see cref="Expose"/> serves one of their
/// ports on the bridge address as well, as a database host's interface would.
/// Names carry the test process's id, so parallel runs never collide, and what a run that died left behind is removed
/// by the next. Needs root (<c>ip netns</c>); <see cref="Unavailable"/> says why it cannot be made otherwise.
/// </summary>
public sealed partial class HostNetwork : IAsyncDisposable
{
    private const string SubnetPrefix = "10.213.";
    private static readonly Lazy<string?> WhyUnavailable = new(Probe);
    private static int _networks;
    private readonly string _bridge;
    private readonly List<NetworkHost> _hosts = [];
    private readonly List<TcpRelay> _relays = [];

    private HostNetwork(string prefix, int subnet)
    {
        _bridge = $"{prefix}b";
        BridgeAddress = IPAddress.Parse($"{SubnetPrefix}{subnet}.1");
    }

    /// <summary>Null when namespaces can be made here; otherwise the reason (not root, no iproute2, a refusal).</summary>
    public static string? Unavailable => WhyUnavailable.Value;

    /// <summary>The root namespace's address on the network, where <see cref="Expose"/> serves the stack's ports.</summary>
    public IPAddress BridgeAddress { get; }

    public IReadOnlyList<NetworkHost> Hosts => _hosts;

    public static async Task<HostNetwork> CreateAsync(int hosts)
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }
        RemoveLeftovers();
        var prefix = $"mkt{Environment.ProcessId}x{Interlocked.Increment(ref _networks)}";
        // The subnet is chosen and taken under a machine-wide lock, so two runs never pick the same one.
        await using var subnetLock = await SubnetLock();
        var taken = Ip("-o", "-4", "addr", "show");
        var subnet = Enumerable.Range(0, 256).FirstOrDefault(n => !taken.Contains($" {SubnetPrefix}{n}."), -1);
        if (subnet < 0)
        {
            throw new InvalidOperationException($"every {SubnetPrefix}N.0/24 subnet is in use on this machine");
        }
        var network = new HostNetwork(prefix, subnet);
        try
        {
            Ip("link", "add", "name", network._bridge, "type", "bridge");
            Ip("addr", "add", $"{network.BridgeAddress}/24", "dev", network._bridge);
            Ip("link", "set", "dev", network._bridge, "up");
            for (var i = 1; i <= hosts; i++)
            {
                var host = new NetworkHost($"{prefix}h{i}", $"{prefix}v{i}", $"{SubnetPrefix}{subnet}.{10 + i}");
                network._hosts.Add(host);
                Ip("netns", "add", host.Name);
                Ip("link", "add", host.Link, "type", "veth", "peer", "name", "eth0", "netns", host.Name);
                Ip("link", "set", "dev", host.Link, "master", network._bridge, "up");
                Ip("-n", host.Name, "addr", "add", $"{host.Address}/24", "dev", "eth0");
                Ip("-n", host.Name, "link", "set", "dev", "eth0", "up");
                Ip("-n", host.Name, "link", "set", "dev", "lo", "up");
            }
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Serves the root namespace's loopback port <paramref name="port"/> on <see cref="BridgeAddress"/> too, for the hosts.</summary>
    public void Expose(int port) =>
        _relays.Add(new TcpRelay(new IPEndPoint(BridgeAddress, port), new IPEndPoint(IPAddress.Loopback, port)));

    /// <summary>Every host's processes are killed, then the namespaces (with their veth pairs) and the bridge are deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.KillEveryProcessAsync();
            TryIp("netns", "delete", host.Name);
        }
        TryIp("link", "delete", _bridge);
        foreach (var relay in _relays)
        {
            await relay.DisposeAsync();
        }
    }

    internal static string Ip(params string[] args)
    {
        using var ip = Process.Start(new ProcessStartInfo("ip", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start ip");
        var output = ip.StandardOutput.ReadToEndAsync();
        var error = ip.StandardError.ReadToEnd();
        ip.WaitForExit();
        return ip.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"`ip {string.Join(' ', args)}` failed ({ip.ExitCode}): {error.Trim()}");
    }

    private static void TryIp(params string[] args)
    {
        try
        {
            Ip(args);
        }
        catch (InvalidOperationException)
        {
            // Already gone (a host that failed half-way through its creation, say).
        }
    }

    private static string? Probe()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "network namespaces need root (ip netns add); this test process runs as an unprivileged user";
        }
        var probe = $"mkt{Environment.ProcessId}probe";
        try
        {
            Ip("netns", "add", probe);
            Ip("netns", "delete", probe);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"network namespaces cannot be created here: {e.Message}";
        }
    }

    /// <summary>Namespaces and links of test processes that are gone (killed before they cleaned up).</summary>
    private static void RemoveLeftovers()
    {
        static bool Orphaned(string name) =>
            LeftoverName().Match(name) is { Success: true } m && !Directory.Exists($"/proc/{m.Groups[1].Value}");

        foreach (var name in Ip("netns", "list").Split('\n').Select(l => l.Split(' ')[0]).Where(Orphaned))
        {
            new NetworkHost(name, "", "").KillEveryProcessAsync().GetAwaiter().GetResult();
            TryIp("netns", "delete", name);
        }
        foreach (var name in Ip("-o", "link", "show", "type", "bridge").Split('\n')
                     .Select(l => l.Split(':') is { Length: > 1 } parts ? parts[1].Trim() : "").Where(Orphaned))
        {
            TryIp("link", "delete", name);
        }
    }

    private static async Task<FileStream> SubnetLock()
    {
        var path = Path.Combine(Path.GetTempPath(), "marketplace-host-networks.lock");
        return await Eventually.Until(() => Task.FromResult(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)),
            _ => true, TimeSpan.FromSeconds(30), $"the lock {path}");
    }

    [GeneratedRegex(@"^mkt(\d+)x\d+[bh]\d*$")]
    private static partial Regex LeftoverName();
}

/// <summary>One host of a <see cref="HostNetwork"/>: a network namespace with one interface on the network.</summary>
public sealed class NetworkHost
{
    internal NetworkHost(string name, string link, string address)
    {
        Name = name;
        Link = link;
        Address = address;
    }

    /// <summary>The namespace's name.</summary>
    public string Name { get; }

    /// <summary>The host's address on the network.</summary>
    public string Address { get; }

    /// <summary>The root namespace's end of the host's veth pair: its network cable.</summary>
    internal string Link { get; }

    /// <summary>Where a process runs on this host: launched through <c>ip netns exec</c>, serving HTTP on the host's address.</summary>
    public ProcessHost Processes => new(Address, ["ip", "netns", "exec", Name]);

    /// <summary>SIGKILL to every process in the namespace, as a host losing power; returns once none is left.</summary>
    public async Task KillEveryProcessAsync()
    {
        await Eventually.Until(() =>
        {
            var running = Running();
            foreach (var pid in running)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (ArgumentException)
                {
                    // Exited meanwhile.
                }
            }
            return Task.FromResult(running.Count == 0);
        }, TimeSpan.FromSeconds(30), $"every process of {Name} to die");
    }

    /// <summary>Pulls the host's cable: its link goes down, so nothing reaches it or leaves it until <see cref="RestoreLink"/>.</summary>
    public void CutLink() => HostNetwork.Ip("link", "set", "dev", Link, "down");

    public void RestoreLink() => HostNetwork.Ip("link", "set", "dev", Link, "up");

    private List<int> Running()
    {
        try
        {
            return HostNetwork.Ip("netns", "pids", Name).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        }
        catch (InvalidOperationException)
        {
            // The namespace is gone (never made, or already deleted): nothing runs in it.
            return [];
        }
    }
}
