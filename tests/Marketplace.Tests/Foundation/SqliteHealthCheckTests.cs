using Marketplace.Silo.Health;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Tests.Foundation;

public sealed class SqliteHealthCheckTests(SqliteDatabaseFile database) : IClassFixture<SqliteDatabaseFile>
{
    [Fact]
    public async Task A_migrated_database_is_healthy()
    {
        var result = await new SqliteHealthCheck(database.ConnectionString).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task A_missing_database_is_unhealthy_and_not_created_empty()
    {
        var file = Path.Combine(Path.GetTempPath(), $"marketplace-missing-{Guid.NewGuid():N}.db");

        var result = await new SqliteHealthCheck($"Data Source={file}").CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.False(File.Exists(file));
    }
}
