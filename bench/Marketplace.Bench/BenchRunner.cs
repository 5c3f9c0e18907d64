using Marketplace.Bench.Load;
using Marketplace.Bench.Reporting;
using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench;

/// <summary>
/// Runs each scenario against the gateway and the bare baseline, one target at a time and with identical client
/// settings: set-up, then per target a warm-up and a closed-loop phase, then per target an open-loop phase at one
/// common rate.
/// </summary>
public sealed class BenchRunner(BenchOptions options)
{
    private const double FallbackRate = 100;

    public async Task<BenchReport> RunAsync(IReadOnlyList<IScenario> scenarios)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var phases = new List<PhaseResult>();
        var ratios = new List<Ratio>();
        var setupClients = options.Gateways.ToDictionary(g => g.Key, g => new HttpClient { BaseAddress = g.Value, Timeout = TimeSpan.FromSeconds(30) });
        using var bareSetupClient = new HttpClient { BaseAddress = options.Bare, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            foreach (var scenario in scenarios)
            {
                var results = await RunScenarioAsync(scenario, new ScenarioContext(setupClients, bareSetupClient, options.Concurrency));
                phases.AddRange(results);
                foreach (var mode in new[] { LoadModes.Closed, LoadModes.Open })
                {
                    if (Ratio.Of(Find(results, mode, Target.Gateway), Find(results, mode, Target.Bare)) is { } ratio)
                    {
                        ratios.Add(ratio);
                    }
                }
            }
        }
        finally
        {
            foreach (var client in setupClients.Values)
            {
                client.Dispose();
            }
        }

        return new BenchReport(startedAt, MachineInfo.Current(),
            new RunSettings(options.Warmup.TotalSeconds, options.Duration.TotalSeconds, options.Concurrency, options.Rate, options.RateFraction, options.MaxConnections),
            scenarios.Select(s => new ScenarioInfo(s.Name, s.Description, s.Gateway)).ToList(), phases, ratios);
    }

    private async Task<List<PhaseResult>> RunScenarioAsync(IScenario scenario, ScenarioContext context)
    {
        Log($"{scenario.Name}: {scenario.Description}");
        var gatewayUrl = options.Gateways.GetValueOrDefault(scenario.Gateway)
                         ?? throw new InvalidOperationException($"{scenario.Name} measures the {scenario.Gateway} gateway; pass --{scenario.Gateway.ToString().ToLowerInvariant()} <url>");
        await scenario.SetupAsync(context, CancellationToken.None);

        var targets = new List<(TargetClient Client, CpuMeter Cpu)>
        {
            (new TargetClient(Target.Gateway, gatewayUrl, options.MaxConnections, options.Timeout), new CpuMeter(options.GatewayPids)),
        };
        if (scenario.HasBaseline)
        {
            targets.Add((new TargetClient(Target.Bare, options.Bare!, options.MaxConnections, options.Timeout), new CpuMeter(options.BarePids)));
        }

        var results = new List<PhaseResult>();
        try
        {
            var modes = scenario.Modes & options.Modes;
            if (modes.HasFlag(LoadModes.Closed))
            {
                foreach (var (client, cpu) in targets)
                {
                    await WarmUpAsync(scenario, client, cpu);
                    Log($"  closed loop, {client.Target}, {options.Concurrency} workers, {options.Duration.TotalSeconds:0}s");
                    var measured = await ClosedLoop.RunAsync(scenario, client, options.Concurrency, options.Duration, cpu);
                    results.Add(Result(scenario, LoadModes.Closed, client, options.Concurrency, null, measured));
                }
            }
            if (modes.HasFlag(LoadModes.Open))
            {
                var rate = OpenLoopRate(scenario, results);
                foreach (var (client, cpu) in targets)
                {
                    if (!modes.HasFlag(LoadModes.Closed))
                    {
                        await WarmUpAsync(scenario, client, cpu);
                    }
                    Log($"  open loop, {client.Target}, {rate:0} req/s, {options.Duration.TotalSeconds:0}s");
                    var measured = await OpenLoop.RunAsync(scenario, client, rate, options.Duration, cpu);
                    results.Add(Result(scenario, LoadModes.Open, client, null, rate, measured));
                }
            }
        }
        finally
        {
            foreach (var (client, _) in targets)
            {
                client.Dispose();
            }
        }
        return results;
    }

    /// <summary>Not measured: JIT, connection pools, grain activations and caches get to steady state.</summary>
    private async Task WarmUpAsync(IScenario scenario, TargetClient client, CpuMeter cpu)
    {
        if (options.Warmup <= TimeSpan.Zero)
        {
            return;
        }
        Log($"  warm-up, {client.Target}, {options.Warmup.TotalSeconds:0}s");
        var warmUp = await ClosedLoop.RunAsync(scenario, client, options.Concurrency, options.Warmup, cpu);
        if (warmUp.Log.Served == 0)
        {
            throw new InvalidOperationException(
                $"{scenario.Name}: no request to {client.Target} ({client.Http.BaseAddress}) succeeded during warm-up; errors: " +
                string.Join(", ", warmUp.Log.ErrorKinds.Select(e => $"{e.Key} x{e.Value}")));
        }
    }

    /// <summary>One rate for both targets, so their latencies are compared under the same offered load.</summary>
    private double OpenLoopRate(IScenario scenario, List<PhaseResult> closed)
    {
        if ((options.Rate ?? scenario.Rate) is { } fixedRate)
        {
            return fixedRate;
        }
        return closed.Count > 0
            ? Math.Max(1, Math.Round(closed.Min(r => r.RequestsPerSecond) * options.RateFraction))
            : FallbackRate;
    }

    private PhaseResult Result(IScenario scenario, LoadModes mode, TargetClient client, int? concurrency, double? rate, Measurement measured)
    {
        var pids = client.Target == Target.Gateway ? options.GatewayPids : options.BarePids;
        var result = PhaseResult.From(scenario, mode, client, concurrency, rate, measured, serverCpuKnown: pids.Count > 0);
        Log($"    {result.RequestsPerSecond:0} req/s, p50 {result.Latency.P50Ms:0.00} ms, p99 {result.Latency.P99Ms:0.00} ms, {result.Errors} errors");
        return result;
    }

    private static PhaseResult? Find(List<PhaseResult> results, LoadModes mode, Target target) =>
        results.FirstOrDefault(r => r.Mode == mode && r.Target == target);

    private static void Log(string message) => Console.Error.WriteLine($"[bench] {message}");
}
