using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Marketplace.Silo.Health;

/// <summary>PINGs Redis over a short-lived connection with tight timeouts, so a dead server fails ready fast.</summary>
internal sealed class RedisHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.ConnectTimeout = 2000;
        options.AbortOnConnectFail = true;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken);
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Redis at {string.Join(',', options.EndPoints)} is unreachable", ex);
        }
    }
}
