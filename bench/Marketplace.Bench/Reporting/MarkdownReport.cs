using System.Globalization;
using System.Text;
using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench.Reporting;

public static class MarkdownReport
{
    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        var s = report.Settings;
        md.AppendLine(Invariant($"### Marketplace bench, {report.StartedAt:yyyy-MM-dd HH:mm} UTC, {report.Machine.ProcessorCount} cores, {report.Machine.Runtime}"));
        md.AppendLine();
        md.AppendLine(Invariant($"Closed loop: {s.Concurrency} workers, {s.WarmupSeconds:0}s warm-up, {s.DurationSeconds:0}s measured per target. ") +
                      Invariant($"Open loop: {s.DurationSeconds:0}s per target at {(s.Rate is { } rate ? $"{rate:0} req/s" : $"{s.RateFraction:0.##} x the lower closed-loop req/s")}."));
        md.AppendLine();
        md.AppendLine("| scenario | mode | target | req/s | p50 ms | p99 ms | max ms | errors | bytes/resp | server CPU µs/req | server CPU % | load-gen CPU % | machine busy % |");
        md.AppendLine("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var p in report.Phases)
        {
            md.AppendLine(Invariant($"| {p.Scenario} | {Mode(p.Mode, p.Concurrency, p.Rate)} | {p.Target.ToString().ToLowerInvariant()} | {p.RequestsPerSecond:0} | {p.Latency.P50Ms:0.00} | {p.Latency.P99Ms:0.00} | {p.Latency.MaxMs:0.0} | {Errors(p)} | {p.BytesPerResponse:0} | {Optional(p.ServerCpuMicrosecondsPerRequest, "0")} | {Optional(p.ServerCpuPercent, "0")} | {p.GeneratorCpuPercent:0} | {p.MachineBusyPercent:0} |"));
        }
        md.AppendLine();
        md.AppendLine("| scenario | mode | req/s gateway/bare | p50 gateway/bare | p99 gateway/bare |");
        md.AppendLine("|---|---|--:|--:|--:|");
        foreach (var r in report.Ratios)
        {
            md.AppendLine(Invariant($"| {r.Scenario} | {r.Mode.ToString().ToLowerInvariant()} | {Optional(r.RequestsPerSecond, "0.00")} | {Optional(r.P50, "0.00")} | {Optional(r.P99, "0.00")} |"));
        }
        return md.ToString();
    }

    private static string Mode(LoadModes mode, int? concurrency, double? rate) =>
        mode == LoadModes.Closed ? Invariant($"closed c={concurrency}") : Invariant($"open {rate:0}/s");

    private static string Errors(PhaseResult p) =>
        p.Errors == 0 ? "0" : $"{p.Errors} ({string.Join(", ", p.ErrorKinds.Select(e => $"{e.Key}: {e.Value}"))})";

    private static string Optional(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
