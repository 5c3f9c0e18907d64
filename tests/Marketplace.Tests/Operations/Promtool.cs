using System.Diagnostics;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Operations;

/// <summary>Prometheus' own checker (Debian's prometheus package, installed by tests/run.sh) run on the repository's files.</summary>
public static class Promtool
{
    public static string PrometheusDirectory { get; } = Path.Combine(RepoPaths.Root, "deploy", "prometheus");

    /// <summary>Runs <c>promtool &lt;arguments&gt;</c> in deploy/prometheus and returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool", arguments)
        {
            WorkingDirectory = PrometheusDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start promtool");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    public static string[] Files(string folder, string pattern) =>
        Directory.GetFiles(Path.Combine(PrometheusDirectory, folder), pattern).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(PrometheusDirectory, f)).ToArray();
}
