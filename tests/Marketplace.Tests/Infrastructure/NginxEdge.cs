using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Marketplace.ServiceDefaults.Orleans;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Debian's nginx as the edge in front of gateway processes, configured by the project's own templates and script
/// (deploy/nginx/edge.sh render) exactly as deploy/local/up.sh configures it, on free ports, with an HTTPS certificate
/// from a CA of the test's own. Runs as a child process (daemon off) that ends with the fixture.
/// </summary>
public sealed class NginxEdge : IAsyncDisposable
{
    private const string Nginx = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _folder;
    private readonly TestCertificateAuthority _authority;
    private readonly IReadOnlyDictionary<Gateway, int> _ports;

    private NginxEdge(Process process, string folder, TestCertificateAuthority authority, IReadOnlyDictionary<Gateway, int> ports)
    {
        _process = process;
        _folder = folder;
        _authority = authority;
        _ports = ports;
    }

    /// <summary>Renders the edge for <paramref name="upstreams"/> (each gateway's instances) with <paramref name="settings"/> (EDGE_* overrides) and starts it.</summary>
    public static async Task<NginxEdge> StartAsync(IReadOnlyDictionary<Gateway, IEnumerable<Uri>> upstreams,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        if (!File.Exists(Nginx))
        {
            throw new InvalidOperationException($"{Nginx} is missing: tests/run.sh installs it (deploy/nginx/edge.sh install).");
        }
        var authority = TestCertificateAuthority.Create("marketplace-test-edge");
        var certificate = authority.Issue("edge");
        var folder = Directory.CreateTempSubdirectory("test-edge-").FullName;
        var ports = upstreams.Keys.ToDictionary(g => g, _ => FreePorts.Next());
        var render = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "deploy/nginx/edge.sh"), "render", folder])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        render.Environment["EDGE_CERTIFICATE"] = certificate.CertificatePath;
        render.Environment["EDGE_CERTIFICATE_KEY"] = certificate.KeyPath;
        foreach (var (gateway, instances) in upstreams)
        {
            var name = gateway.ToString().ToUpperInvariant();
            render.Environment[$"EDGE_{name}_PORT"] = ports[gateway].ToString();
            render.Environment[$"EDGE_{name}_UPSTREAMS"] = string.Join(' ', instances.Select(u => $"{u.Host}:{u.Port}"));
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            render.Environment[key] = value;
        }
        using (var renderer = Process.Start(render)!)
        {
            var errors = await renderer.StandardError.ReadToEndAsync();
            await renderer.WaitForExitAsync();
            if (renderer.ExitCode != 0)
            {
                throw new InvalidOperationException($"deploy/nginx/edge.sh render failed: {errors}");
            }
        }

        var start = new ProcessStartInfo(Nginx, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var edge = new NginxEdge(Process.Start(start)!, folder, authority, ports);
        edge._process.ErrorDataReceived += (_, e) => edge.Append(e.Data);
        edge._process.BeginErrorReadLine();
        try
        {
            await Eventually.Until(() => Task.FromResult(edge._process.HasExited || ports.Values.All(Listening)), TimeSpan.FromSeconds(20),
                "nginx to listen on every edge port");
            if (edge._process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {edge._process.ExitCode}: {edge.Output()}");
            }
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }
        return edge;
    }

    public Uri BaseAddress(Gateway gateway) => new($"https://localhost:{_ports[gateway]}");

    /// <summary>An HTTP/2 client of <paramref name="gateway"/>'s edge that trusts the test CA (and nothing else).</summary>
    public HttpClient CreateClient(Gateway gateway)
    {
        var authority = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(_authority.CaPath));
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && ClusterTls.IsIssuedBy(new(certificate), authority),
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = BaseAddress(gateway),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public string Output()
    {
        lock (_output)
        {
            var errorLog = Path.Combine(_folder, "logs", "error.log");
            return _output + (File.Exists(errorLog) ? File.ReadAllText(errorLog) : "");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _authority.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
