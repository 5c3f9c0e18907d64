using System.Data.Common;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Persistence;

/// <summary>
/// Creates the marketplace's databases and applies the SQL migrations embedded in this assembly for their engine
/// (PostgreSQL: <c>Migrations/NNNN_name.sql</c>; SQLite: <c>Migrations/Sqlite/NNNN_name.sql</c>), in order, each once,
/// each in its own transaction. Several silos may start at once against the same database.
/// </summary>
public sealed class DatabaseMigrator(ILogger<DatabaseMigrator> logger)
{
    private static readonly Dictionary<DatabaseEngine, IReadOnlyList<Migration>> MigrationsByEngine =
        Enum.GetValues<DatabaseEngine>().ToDictionary(engine => engine, engine => LoadMigrations(MigrationDialect.For(engine).ResourceFolder));

    public async Task MigrateAsync(IEnumerable<RelationalDatabase> databases, CancellationToken cancellationToken = default)
    {
        foreach (var database in databases.Distinct())
        {
            var dialect = MigrationDialect.For(database.Engine);
            await dialect.EnsureDatabaseExistsAsync(database.ConnectionString, cancellationToken);
            await ApplyMigrationsAsync(dialect, database, cancellationToken);
        }
    }

    private async Task ApplyMigrationsAsync(MigrationDialect dialect, RelationalDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = dialect.CreateConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (await dialect.LockAsync(connection, cancellationToken))
        {
            // Valid in both dialects: SQLite takes any type name and both know CURRENT_TIMESTAMP.
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    id text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP)
                """, cancellationToken);

            foreach (var migration in MigrationsByEngine[database.Engine])
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                if (await IsAppliedAsync(connection, transaction, migration, cancellationToken))
                {
                    continue;
                }
                logger.LogInformation("Applying {Engine} migration {Migration} to {DataSource} {Database}",
                    database.Engine, migration.Id, connection.DataSource, connection.Database);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await ExecuteAsync(connection, transaction, "INSERT INTO schema_migrations (id) VALUES (@id)", cancellationToken, ("id", migration.Id));
                await transaction.CommitAsync(cancellationToken);
            }
        }
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction transaction, Migration migration, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT 1 FROM schema_migrations WHERE id = @id", ("id", migration.Id));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static IReadOnlyList<Migration> LoadMigrations(string folder)
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(folder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal)
                           && !name[folder.Length..].Contains('/'))
            .Order(StringComparer.Ordinal)
            .Select(name => new Migration(name[folder.Length..^4], Read(assembly, name)))
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed record Migration(string Id, string Sql);
