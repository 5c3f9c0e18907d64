using Marketplace.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.ServiceDefaults.Orleans;

/// <summary>Ready only when a grain call round-trips through the cluster.</summary>
internal sealed class ClusterReachableHealthCheck(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silo = await client.GetGrain<IClusterProbeGrain>(0).Ping().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"served by {silo}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the Orleans cluster does not answer", ex);
        }
    }
}
