using Marketplace.Operations;
using Marketplace.Silo.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Silo.Health;

/// <summary>
/// Round-trips a record through every grain store, proving the Orleans providers work, not only their servers. Each
/// silo writes through its own providers and pools: its probes are keyed by the silo and placed on it, so a silo
/// whose pool is exhausted, or that is not active in the cluster, is not reported ready because a probe on another silo still writes.
/// </summary>
public sealed class GrainStorageHealthCheck(IGrainFactory grains, ILocalSiloDetails silo, TimeProvider clock) : IHealthCheck
{
    public static string ProbeKey(string store, SiloAddress silo) => $"{store}/health/{silo.Endpoint}";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        await Task.WhenAll(StoreCatalog.Backends.Keys.Select(async store =>
        {
            try
            {
                var written = await grains.GetGrain<IStorageProbeGrain>(ProbeKey(store, silo.SiloAddress)).Write(clock.GetUtcNow().ToString("O")).WaitAsync(cancellationToken);
                if (written.SiloAddress != silo.SiloAddress.ToString())
                {
                    // Local placement falls back to another silo while this one is not active in the cluster: it cannot serve.
                    throw new InvalidOperationException($"the probe ran on {written.SiloAddress}, not on this silo");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lock (failures)
                {
                    failures.Add($"{store}: {ex.Message}");
                }
            }
        }));
        return failures.Count == 0
            ? HealthCheckResult.Healthy($"{StoreCatalog.Backends.Count} stores round-trip")
            : HealthCheckResult.Unhealthy(string.Join("; ", failures));
    }
}
