using Marketplace.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Marketplace.Tests.Infrastructure;

/// <summary>A fresh, migrated PostgreSQL database on the test server, dropped when disposed.</summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public string ConnectionString { get; } = TestStores.NewPostgresDatabase("search");

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync([RelationalDatabase.Postgres(ConnectionString)]);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
