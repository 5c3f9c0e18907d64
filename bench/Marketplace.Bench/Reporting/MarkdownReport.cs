using System.Globalization;
using System.Text;
using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench.Reporting;

public static class MarkdownReport
{
    /// <summary>Above this, the machine was not the bench's alone and the figures say more about the neighbours.</summary>
    private const double NoisyOthersCpuPercent = 15;

    /// <summary>Above this, the generator could not keep the open-loop schedule; the latencies include its own delay.</summary>
    private const double LateSendP99Ms = 5;

    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        var s = report.Settings;
        md.AppendLine(Invariant($"### Marketplace bench, {report.StartedAt:yyyy-MM-dd HH:mm} UTC, {report.Machine.ProcessorCount} cores, {report.Machine.Runtime}"));
        md.AppendLine();
        md.AppendLine(Invariant($"Closed loop: {s.Concurrency} workers, {s.WarmupSeconds:0}s warm-up, {s.DurationSeconds:0}s measured per target in {s.Rounds} alternating slices. ") +
                      Invariant($"Open loop: {s.DurationSeconds:0}s per target at {(s.Rate is { } rate ? $"{rate:0} req/s" : $"{s.RateFraction:0.##} x the lower closed-loop req/s")}, latency from the intended send time."));
        md.AppendLine();
        md.AppendLine("| scenario | mode | target | req/s (slices) | p50 ms | p99 ms | max ms | errors | bytes/resp | server CPU µs/req | server CPU % | load-gen CPU % | others' CPU % | send lag p99 ms |");
        md.AppendLine("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var p in report.Phases)
        {
            md.AppendLine(Invariant($"| {p.Scenario} | {Mode(p)} | {p.Target.ToString().ToLowerInvariant()} | {RequestsPerSecond(p)} | {p.Latency.P50Ms:0.00} | {p.Latency.P99Ms:0.00} | {p.Latency.MaxMs:0.0} | {Errors(p)} | {p.BytesPerResponse:0} | {Optional(p.ServerCpuMicrosecondsPerRequest, "0")} | {Optional(p.ServerCpuPercent, "0")} | {p.GeneratorCpuPercent:0} | {p.OthersCpuPercent:0} | {Optional(p.SendLag?.P99Ms, "0.00")} |"));
        }
        md.AppendLine();
        md.AppendLine("| scenario | mode | req/s gateway/bare | p50 gateway/bare | p99 gateway/bare | server CPU/req gateway/bare |");
        md.AppendLine("|---|---|--:|--:|--:|--:|");
        foreach (var r in report.Ratios)
        {
            md.AppendLine(Invariant($"| {r.Scenario} | {r.Mode.ToString().ToLowerInvariant()} | {Optional(r.RequestsPerSecond, "0.00")} | {Optional(r.P50, "0.00")} | {Optional(r.P99, "0.00")} | {Optional(r.ServerCpuPerRequest, "0.00")} |"));
        }
        foreach (var warning in Warnings(report))
        {
            md.AppendLine();
            md.AppendLine($"> warning: {warning}");
        }
        return md.ToString();
    }

    private static IEnumerable<string> Warnings(BenchReport report)
    {
        var noisy = report.Phases.Where(p => p.OthersCpuPercent > NoisyOthersCpuPercent).ToList();
        if (noisy.Count > 0)
        {
            yield return Invariant($"other processes used up to {noisy.Max(p => p.OthersCpuPercent):0}% of the machine during {noisy.Count} phase(s); ") +
                         "latencies and req/s are unreliable, compare server CPU µs/req or rerun on a quiet machine.";
        }
        foreach (var p in report.Phases.Where(p => p.SendLag?.P99Ms > LateSendP99Ms))
        {
            yield return Invariant($"{p.Scenario} open loop, {p.Target.ToString().ToLowerInvariant()}: requests left up to {p.SendLag!.Value.P99Ms:0.0} ms (p99) late; ") +
                         "the generator could not keep the schedule (a busy machine, or a rate too high for it), so those latencies include its own delay.";
        }
    }

    /// <summary>The phase's req/s, and in closed loop the lowest and highest of its slices: how steady the machine was.</summary>
    private static string RequestsPerSecond(PhaseResult p) =>
        p.Mode == LoadModes.Closed && p.SliceRequestsPerSecond.Count > 1
            ? Invariant($"{p.RequestsPerSecond:0} ({p.SliceRequestsPerSecond.Min():0}–{p.SliceRequestsPerSecond.Max():0})")
            : Invariant($"{p.RequestsPerSecond:0}");

    private static string Mode(PhaseResult p) =>
        p.Mode == LoadModes.Closed ? Invariant($"closed c={p.Concurrency}") : Invariant($"open {p.Rate:0}/s");

    private static string Errors(PhaseResult p) =>
        p.Errors == 0 ? "0" : $"{p.Errors} ({string.Join(", ", p.ErrorKinds.Select(e => $"{e.Key}: {e.Value}"))})";

    private static string Optional(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
