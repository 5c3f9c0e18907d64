using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Marketplace.ServiceDefaults;

/// <summary>Opens a connection and runs <c>SELECT 1</c>, with a short connect timeout so a dead server fails fast.</summary>
public sealed class PostgresHealthCheck(string connectionString) : IHealthCheck
{
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 2, Pooling = false }.ConnectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL at {Describe()} is unreachable", ex);
        }
    }

    private string Describe()
    {
        var b = new NpgsqlConnectionStringBuilder(_connectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }
}
