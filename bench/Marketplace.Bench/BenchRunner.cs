using Marketplace.Bench.Load;
using Marketplace.Bench.Reporting;
using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench;

/// <summary>
/// Runs each scenario against the gateway and the bare baseline, one target at a time and with identical client
/// settings: set-up, a warm-up per target, the closed-loop phase, then the open-loop phase at one common rate.
/// </summary>
public sealed class BenchRunner(BenchOptions options)
{
    private const double FallbackRate = 100;
    private const int TopStatements = 15;

    public async Task<BenchReport> RunAsync(IReadOnlyList<IScenario> scenarios)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var phases = new List<PhaseResult>();
        var ratios = new List<Ratio>();
        var statements = new List<ScenarioStatements>();
        var deferred = new List<DeferredWork>();
        // The silo's PostgreSQL, when known: its CPU, commits and statements are the gateway target's too.
        using var database = options.Postgres is { } postgres ? PostgresProbe.Open(postgres) : null;
        database?.ResetStatements(); // fails now, not after the run, when pg_stat_statements is missing
        var setupClients = options.Gateways.ToDictionary(g => g.Key, g => SetupClient(g.Value));
        using var bareSetupClient = SetupClient(options.Bare!);
        try
        {
            foreach (var scenario in scenarios)
            {
                var results = await RunScenarioAsync(scenario, new ScenarioContext(setupClients, bareSetupClient, options.Concurrency, options.Postgres, options.CatalogProducts),
                    database, deferred, statements);
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
            new RunSettings(options.Warmup.TotalSeconds, options.Duration.TotalSeconds, options.Rounds, options.Concurrency, options.Rate, options.RateFraction, options.MaxConnections),
            scenarios.Select(s => new ScenarioInfo(s.Name, s.Description, s.Gateway)).ToList(), phases, ratios, statements, deferred);
    }

    private async Task<List<PhaseResult>> RunScenarioAsync(IScenario scenario, ScenarioContext context, PostgresProbe? database, List<DeferredWork> deferred,
        List<ScenarioStatements> statements)
    {
        Log($"{scenario.Name}: {scenario.Description}");
        var gatewayUrl = options.Gateways.GetValueOrDefault(scenario.Gateway)
                         ?? throw new InvalidOperationException($"{scenario.Name} measures the {scenario.Gateway} gateway; pass --{scenario.Gateway.ToString().ToLowerInvariant()} <url>");
        await scenario.SetupAsync(context, CancellationToken.None);

        var targets = new List<(TargetClient Client, CpuMeter Cpu)>
        {
            (new TargetClient(Target.Gateway, gatewayUrl, options.MaxConnections, options.Timeout), new CpuMeter(options.GatewayPids, database)),
        };
        if (scenario.HasBaseline)
        {
            targets.Add((new TargetClient(Target.Bare, options.Bare!, options.MaxConnections, options.Timeout), new CpuMeter(options.BarePids)));
        }

        var results = new List<PhaseResult>();
        try
        {
            foreach (var (client, cpu) in targets)
            {
                await WarmUpAsync(scenario, client, cpu);
            }
            // The statements of the first measured mode only (the bare target's send none): an open loop above what the
            // target serves leaves a backlog that would count against too few served requests.
            database?.ResetStatements();
            var modes = scenario.Modes & options.Modes;
            if (modes.HasFlag(LoadModes.Closed))
            {
                results.AddRange(await MeasureAsync(scenario, LoadModes.Closed, targets, options.Concurrency, null,
                    (client, cpu, slice) => ClosedLoop.RunAsync(scenario, client, options.Concurrency, slice, cpu)));
                // Before the open loop, whose backlog (a rate above what the target serves) would be counted here too.
                if (scenario.Settle > TimeSpan.Zero && results.FirstOrDefault(r => r.Target == Target.Gateway) is { Served: > 0 } closed)
                {
                    deferred.Add(await SettleAsync(scenario, closed.Served, database));
                }
                Statements(scenario, results, database, statements);
            }
            if (modes.HasFlag(LoadModes.Open))
            {
                var rate = OpenLoopRate(scenario, results);
                results.AddRange(await MeasureAsync(scenario, LoadModes.Open, targets, null, rate,
                    (client, cpu, slice) => OpenLoop.RunAsync(scenario, client, rate, slice, cpu)));
                if (!modes.HasFlag(LoadModes.Closed))
                {
                    Statements(scenario, results, database, statements);
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

    /// <summary>
    /// One phase per target, each cut into <c>--rounds</c> slices that alternate between the targets (G B G B…), so
    /// that load from outside the bench, which comes and goes, falls on both targets alike.
    /// </summary>
    private async Task<List<PhaseResult>> MeasureAsync(IScenario scenario, LoadModes mode, List<(TargetClient Client, CpuMeter Cpu)> targets,
        int? concurrency, double? rate, Func<TargetClient, CpuMeter, TimeSpan, Task<Measurement>> measure)
    {
        var slice = options.Duration / options.Rounds;
        var slices = targets.ToDictionary(t => t.Client, _ => new List<Measurement>());
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var (client, cpu) in targets)
            {
                var measured = await measure(client, cpu, slice);
                slices[client].Add(measured);
                Log($"  {mode.ToString().ToLowerInvariant()} loop{(rate is { } r ? $" at {r:0} req/s" : $", {concurrency} workers")}, " +
                    $"{client.Target}, round {round}/{options.Rounds}, {slice.TotalSeconds:0.#}s: {measured.RequestsPerSecond:0} req/s, " +
                    $"p50 {measured.Log.Summarize().P50Ms:0.00} ms, {measured.Log.Errors} errors");
            }
        }
        return targets.Select(t => Result(scenario, mode, t.Client, concurrency, rate, slices[t.Client])).ToList();
    }

    private static void Statements(IScenario scenario, List<PhaseResult> results, PostgresProbe? database, List<ScenarioStatements> statements)
    {
        if (database is not null)
        {
            statements.Add(new ScenarioStatements(scenario.Name, results.Where(r => r.Target == Target.Gateway).Sum(r => r.Served), database.Statements(TopStatements)));
        }
    }

    /// <summary>The gateway's processes and PostgreSQL with no load, for <see cref="IScenario.Settle"/>: what the measured requests left for later.</summary>
    private async Task<DeferredWork> SettleAsync(IScenario scenario, long gatewayRequests, PostgresProbe? database)
    {
        Log($"  settling {scenario.Settle.TotalSeconds:0}s without load: what the closed loop's {gatewayRequests} requests left for later");
        var cpu = new CpuMeter(options.GatewayPids, database);
        var before = cpu.Take();
        await Task.Delay(scenario.Settle);
        var usage = CpuMeter.Between(before, await cpu.TakeAtEndAsync());
        return DeferredWork.Of(scenario.Name, gatewayRequests, usage, database is not null);
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

    private PhaseResult Result(IScenario scenario, LoadModes mode, TargetClient client, int? concurrency, double? rate, IReadOnlyList<Measurement> slices)
    {
        var pids = client.Target == Target.Gateway ? options.GatewayPids : options.BarePids;
        return PhaseResult.From(scenario, mode, client, concurrency, rate, slices, serverCpuKnown: pids.Count > 0,
            databaseKnown: client.Target == Target.Gateway && options.Postgres is not null);
    }

    /// <summary>For set-up calls, not measured: loopback, never through a proxy from the environment.</summary>
    private static HttpClient SetupClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private static PhaseResult? Find(List<PhaseResult> results, LoadModes mode, Target target) =>
        results.FirstOrDefault(r => r.Mode == mode && r.Target == target);

    private static void Log(string message) => Console.Error.WriteLine($"[bench] {message}");
}
