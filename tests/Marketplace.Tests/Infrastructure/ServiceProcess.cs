using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// One of the marketplace's hosts (a silo, a gateway, an external sandbox) running as a real child process,
/// configured through environment variables exactly as deploy/local configures it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>
    /// Starts <c>dotnet &lt;assembly&gt;</c> from the project's build output on <paramref name="host"/> (this machine's
    /// loopback unless given) and waits until its ready URL answers 200.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string name, string project, string assembly, int httpPort,
        IReadOnlyDictionary<string, string> environment, string readyPath = "/health/ready", TimeSpan? readyTimeout = null,
        ProcessHost? host = null)
    {
        host ??= ProcessHost.Loopback;
        var dll = RepoPaths.BuildOutput(project, assembly);
        string[] command = [.. host.Launcher, "dotnet", dll];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Urls"] = $"http://{host.Address}:{httpPort}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        var service = new ServiceProcess(name, process, new Uri($"http://{host.Address}:{httpPort}"));
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await service.WaitReadyAsync(readyPath, readyTimeout ?? TimeSpan.FromSeconds(90));
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task WaitReadyAsync(string readyPath, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            // A process that exits ends the wait at once rather than at the deadline.
            await Eventually.Until(async () =>
            {
                if (_process.HasExited)
                {
                    return true;
                }
                using var response = await http.GetAsync(readyPath);
                return response.IsSuccessStatusCode;
            }, timeout, $"{Name} to answer 200 at {BaseAddress}{readyPath}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{RecentOutput()}", e);
        }
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.\n{RecentOutput()}");
        }
    }

    /// <summary>SIGKILL: the process dies at once, as in a crash; nothing is flushed, nothing deregisters.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the host shuts down gracefully, as on a deploy.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
        {
            return;
        }
        _ = kill(_process.Id, SigTerm);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public string RecentOutput(int lines = 60)
    {
        lock (_output)
        {
            var all = _output.ToString().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}

/// <summary>
/// Where a <see cref="ServiceProcess"/> runs: the address its HTTP endpoint listens on and the command it is launched
/// through (<c>ip netns exec NAME</c> for a host of its own, see <see cref="HostNetwork"/>; nothing for this machine).
/// </summary>
public sealed record ProcessHost(string Address, IReadOnlyList<string> Launcher)
{
    public static readonly ProcessHost Loopback = new("127.0.0.1", []);
}
