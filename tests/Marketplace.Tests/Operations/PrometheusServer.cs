using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Operations;

/// <summary>
/// Debian's Prometheus as a real process on deploy/prometheus (the same prometheus.yml, rules and alerts, only the
/// scrape and evaluation intervals shortened to a second), scraping the hosts it is given as file-discovered targets.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private PrometheusServer(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    /// <summary>Starts Prometheus scraping each (service label, host) pair, and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(IEnumerable<(string Service, Uri Host)> targets)
    {
        var directory = Directory.CreateTempSubdirectory("marketplace-prometheus-").FullName;
        var config = await File.ReadAllTextAsync(Path.Combine(Promtool.PrometheusDirectory, "prometheus.yml"));
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"),
            config.Replace("scrape_interval: 15s", "scrape_interval: 1s").Replace("evaluation_interval: 15s", "evaluation_interval: 1s"));
        Directory.CreateDirectory(Path.Combine(directory, "rules"));
        foreach (var rules in Directory.GetFiles(Path.Combine(Promtool.PrometheusDirectory, "rules")))
        {
            File.Copy(rules, Path.Combine(directory, "rules", Path.GetFileName(rules)));
        }
        Directory.CreateDirectory(Path.Combine(directory, "targets"));
        await File.WriteAllTextAsync(Path.Combine(directory, "targets", "test.json"), JsonSerializer.Serialize(
            targets.Select(t => new { targets = new[] { t.Host.Authority }, labels = new Dictionary<string, string> { ["service"] = t.Service } })));

        var port = FreePorts.Next();
        var start = new ProcessStartInfo("prometheus",
        [
            $"--config.file={Path.Combine(directory, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus (Debian's prometheus package; tests/run.sh installs it)");
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.Until(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"prometheus exited with {process.ExitCode}:\n{server.Output}");
                }
                using var ready = await server.Http.GetAsync("/-/ready");
                return ready.IsSuccessStatusCode;
            }, TimeSpan.FromSeconds(30), "prometheus to be ready");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>An instant query through the HTTP API: (true, result) when it parsed and ran, (false, error) when Prometheus refused it.</summary>
    public async Task<(bool Ok, JsonElement Answer)> Query(string promql)
    {
        using var response = await Http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ok = response.StatusCode == HttpStatusCode.OK && answer.GetProperty("status").GetString() == "success";
        return (ok, ok ? answer.GetProperty("data").GetProperty("result") : answer);
    }

    /// <summary>Every rule Prometheus loaded (recording and alerting) from /api/v1/rules.</summary>
    public async Task<List<JsonElement>> Rules()
    {
        var answer = await Http.GetFromJsonAsync<JsonElement>("/api/v1/rules");
        return answer.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
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
