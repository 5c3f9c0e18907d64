using Marketplace.Bench.Load;
using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench.Reporting;

/// <summary>One measured phase: a scenario, in one mode, against one target.</summary>
public sealed record PhaseResult(
    string Scenario,
    LoadModes Mode,
    Target Target,
    string Url,
    int? Concurrency,
    double? Rate,
    double Seconds,
    long Served,
    long Errors,
    IReadOnlyDictionary<string, long> ErrorKinds,
    double RequestsPerSecond,
    IReadOnlyList<double> SliceRequestsPerSecond,
    LatencySummary Latency,
    LatencySummary? SendLag,
    double BytesPerResponse,
    double? ServerCpuMicrosecondsPerRequest,
    double? ServerCpuPercent,
    double GeneratorCpuPercent,
    double MachineBusyPercent,
    double OthersCpuPercent,
    double? DatabaseCpuMicrosecondsPerRequest = null,
    double? DatabaseCommitsPerRequest = null,
    double? CommitsPerWalSync = null)
{
    public static PhaseResult From(IScenario scenario, LoadModes mode, TargetClient target, int? concurrency, double? rate,
        IReadOnlyList<Measurement> slices, bool serverCpuKnown, bool databaseKnown)
    {
        var m = Measurement.Combine(slices);
        var cpu = m.Cpu;
        return new PhaseResult(scenario.Name, mode, target.Target, target.Http.BaseAddress!.ToString(), concurrency, rate,
            Math.Round(cpu.WallSeconds, 2), m.Log.Served, m.Log.Errors, m.Log.ErrorKinds, Math.Round(m.RequestsPerSecond, 1),
            slices.Select(s => Math.Round(s.RequestsPerSecond, 1)).ToList(),
            m.Log.Summarize(), m.SendLags?.Summarize(), Math.Round(m.Log.BytesPerResponse, 1),
            serverCpuKnown && m.Log.Served > 0 ? Math.Round(cpu.ServerSeconds * 1e6 / m.Log.Served, 1) : null,
            serverCpuKnown ? Math.Round(cpu.ServerSeconds / cpu.WallSeconds * 100, 1) : null,
            Math.Round(cpu.GeneratorSeconds / cpu.WallSeconds * 100, 1),
            Math.Round(cpu.MachineBusy * 100, 1),
            Math.Round(Math.Max(0, cpu.MachineBusy - (cpu.ServerSeconds + cpu.DatabaseSeconds + cpu.GeneratorSeconds) / cpu.WallSeconds / Environment.ProcessorCount) * 100, 1),
            databaseKnown && m.Log.Served > 0 ? Math.Round(cpu.DatabaseSeconds * 1e6 / m.Log.Served, 1) : null,
            databaseKnown && m.Log.Served > 0 ? Math.Round((double)cpu.DatabaseCommits / m.Log.Served, 2) : null,
            databaseKnown && cpu.WalSyncs > 0 ? Math.Round((double)cpu.DatabaseCommits / cpu.WalSyncs, 2) : null);
    }
}

/// <summary>Gateway divided by bare for one scenario and mode: above 1 for latency, below 1 for req/s is the gateway's cost.</summary>
public sealed record Ratio(string Scenario, LoadModes Mode, double? RequestsPerSecond, double? P50, double? P99, double? ServerCpuPerRequest)
{
    public static Ratio? Of(PhaseResult? gateway, PhaseResult? bare)
    {
        if (gateway is null || bare is null)
        {
            return null;
        }
        static double? Divide(double a, double b) => b > 0 ? Math.Round(a / b, 2) : null;
        return new Ratio(gateway.Scenario, gateway.Mode,
            gateway.Mode == LoadModes.Closed ? Divide(gateway.RequestsPerSecond, bare.RequestsPerSecond) : null,
            Divide(gateway.Latency.P50Ms, bare.Latency.P50Ms),
            Divide(gateway.Latency.P99Ms, bare.Latency.P99Ms),
            // Only at saturation: below it, idle spinning of the thread pools dominates CPU per request.
            gateway.Mode == LoadModes.Closed && gateway.ServerCpuMicrosecondsPerRequest is { } g && bare.ServerCpuMicrosecondsPerRequest is { } b
                ? Divide(g, b)
                : null);
    }
}

public sealed record MachineInfo(int ProcessorCount, string Os, string Runtime, string Host)
{
    public static MachineInfo Current() => new(Environment.ProcessorCount,
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        Environment.MachineName);
}

public sealed record ScenarioInfo(string Name, string Description, GatewayKind Gateway);

public sealed record RunSettings(double WarmupSeconds, double DurationSeconds, int Rounds, int Concurrency, double? Rate, double RateFraction, int MaxConnections);

public sealed record BenchReport(
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    RunSettings Settings,
    IReadOnlyList<ScenarioInfo> Scenarios,
    IReadOnlyList<PhaseResult> Phases,
    IReadOnlyList<Ratio> Ratios,
    IReadOnlyList<ScenarioStatements> Statements,
    IReadOnlyList<DeferredWork> Deferred);

/// <summary>What a scenario's requests cost after the load stopped (<see cref="IScenario.Settle"/>), per gateway request served in its phases.</summary>
public sealed record DeferredWork(string Scenario, double Seconds, long GatewayRequests, double ServerCpuMicrosecondsPerRequest,
    double? DatabaseCpuMicrosecondsPerRequest, double? DatabaseCommitsPerRequest)
{
    public static DeferredWork Of(string scenario, long requests, CpuUsage usage, bool databaseKnown) => new(scenario, Math.Round(usage.WallSeconds, 1), requests,
        Math.Round(usage.ServerSeconds * 1e6 / requests, 1),
        databaseKnown ? Math.Round(usage.DatabaseSeconds * 1e6 / requests, 1) : null,
        databaseKnown ? Math.Round((double)usage.DatabaseCommits / requests, 2) : null);
}

/// <summary>The silo database's costliest statements over a scenario's measured phases, and how many gateway requests those served.</summary>
public sealed record ScenarioStatements(string Scenario, long GatewayRequests, IReadOnlyList<StatementStats> Top);
