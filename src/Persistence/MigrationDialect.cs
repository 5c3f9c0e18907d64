using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Marketplace.Persistence;

/// <summary>What the migrator does differently per engine; the migration run itself is shared.</summary>
internal abstract class MigrationDialect
{
    public static MigrationDialect For(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.Postgres => PostgresMigrationDialect.Instance,
        DatabaseEngine.Sqlite => SqliteMigrationDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
    };

    /// <summary>The embedded resource folder of this engine's migration scripts.</summary>
    public abstract string ResourceFolder { get; }

    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Creates the database if it does not exist yet and sets what must be set outside a transaction.</summary>
    public abstract Task EnsureDatabaseExistsAsync(string connectionString, CancellationToken cancellationToken);

    /// <summary>Keeps other silos from migrating the same database until the returned lock is disposed.</summary>
    public abstract Task<IAsyncDisposable> LockAsync(DbConnection connection, CancellationToken cancellationToken);
}

internal sealed class PostgresMigrationDialect : MigrationDialect
{
    private const long MigrationLockKey = 0x4D61726B6574; // "Market"

    public static readonly PostgresMigrationDialect Instance = new();

    public override string ResourceFolder => "Migrations/";

    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public override async Task EnsureDatabaseExistsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? throw new InvalidOperationException("The connection string names no database.");
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };

        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another silo created it between our check and our create.
        }
    }

    public override async Task<IAsyncDisposable> LockAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await DatabaseMigrator.ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", MigrationLockKey));
        return new AdvisoryLock(connection);
    }

    private sealed class AdvisoryLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await DatabaseMigrator.ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", MigrationLockKey));
    }
}

internal sealed class SqliteMigrationDialect : MigrationDialect
{
    public static readonly SqliteMigrationDialect Instance = new();

    public override string ResourceFolder => "Migrations/Sqlite/";

    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    public override async Task EnsureDatabaseExistsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Write-ahead logging lets readers go on while a grain writes, and a killed process loses no committed write.
        // The mode is stored in the file, and cannot be changed inside a transaction, hence here rather than in a migration.
        await DatabaseMigrator.ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);
    }

    // Each migration runs in a write transaction (Microsoft.Data.Sqlite begins them IMMEDIATE), which already excludes
    // every other writer of the file, and the migrator checks inside it whether the migration was applied meanwhile.
    public override Task<IAsyncDisposable> LockAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
