using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Silo.Health;

/// <summary>
/// Opens the SQLite database without creating it and reads its migration history, so a deleted, moved or
/// unreadable file fails ready rather than being recreated empty. A locked file gives up after two seconds.
/// </summary>
public sealed class SqliteHealthCheck(string connectionString) : IHealthCheck
{
    private readonly SqliteConnectionStringBuilder _database = new(connectionString)
    {
        Mode = SqliteOpenMode.ReadWrite,
        DefaultTimeout = 2,
    };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new SqliteConnection(_database.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM schema_migrations";
            var migrations = await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{migrations} migrations applied");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"SQLite database {_database.DataSource} is unusable", ex);
        }
    }
}
