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
        Database(md, report);
        foreach (var warning in Warnings(report))
        {
            md.AppendLine();
            md.AppendLine($"> warning: {warning}");
        }
        return md.ToString();
    }

    /// <summary>
    /// What the silo's PostgreSQL did per gateway request: its CPU next to the gateway's and silo's, the transactions it
    /// committed, how many of those one WAL flush carried; then each scenario's costliest statements (pg_stat_statements).
    /// </summary>
    private static void Database(StringBuilder md, BenchReport report)
    {
        var phases = report.Phases.Where(p => p.DatabaseCommitsPerRequest is not null).ToList();
        if (phases.Count == 0)
        {
            return;
        }
        md.AppendLine();
        md.AppendLine("| scenario | mode | req/s | gateway+silo CPU µs/req | PostgreSQL CPU µs/req | server CPU µs/req (all three) | PostgreSQL commits/req | commits per WAL flush |");
        md.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|");
        foreach (var p in phases)
        {
            var all = p.ServerCpuMicrosecondsPerRequest + p.DatabaseCpuMicrosecondsPerRequest;
            md.AppendLine(Invariant($"| {p.Scenario} | {Mode(p)} | {p.RequestsPerSecond:0} | {Optional(p.ServerCpuMicrosecondsPerRequest, "0")} | {Optional(p.DatabaseCpuMicrosecondsPerRequest, "0")} | {Optional(all, "0")} | {Optional(p.DatabaseCommitsPerRequest, "0.00")} | {Optional(p.CommitsPerWalSync, "0.00")} |"));
        }
        foreach (var d in report.Deferred)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"{d.Scenario}, after its closed loop ({d.Seconds:0} s idle, per request it served): gateway+silo CPU {d.ServerCpuMicrosecondsPerRequest:0} µs, ") +
                          Invariant($"PostgreSQL CPU {Optional(d.DatabaseCpuMicrosecondsPerRequest, "0")} µs, PostgreSQL commits {Optional(d.DatabaseCommitsPerRequest, "0.00")}"));
        }
        foreach (var scenario in report.Statements.Where(s => s.Top.Count > 0 && s.GatewayRequests > 0))
        {
            md.AppendLine();
            md.AppendLine(Invariant($"{scenario.Scenario}: costliest statements of its first measured mode (closed loop and the idle time after it when it settles; {scenario.GatewayRequests} gateway requests), pg_stat_statements"));
            md.AppendLine();
            md.AppendLine("| calls/req | total ms | mean ms | rows/call | WAL bytes/call | statement |");
            md.AppendLine("|--:|--:|--:|--:|--:|---|");
            foreach (var statement in scenario.Top)
            {
                var query = (statement.Query.Length > 140 ? statement.Query[..140] + "…" : statement.Query).Replace("|", "\\|");
                md.AppendLine(Invariant($"| {(double)statement.Calls / scenario.GatewayRequests:0.00} | {statement.TotalMs:0} | {statement.TotalMs / Math.Max(1, statement.Calls):0.00} | {(double)statement.Rows / Math.Max(1, statement.Calls):0.0} | {(double)statement.WalBytes / Math.Max(1, statement.Calls):0} | `{query}` |"));
            }
        }
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
