using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Marketplace.Grains.Common;

/// <summary>
/// The Sqlite profile's database as the document stores (payments, reviews) use it: every call opens a pooled
/// connection, runs one statement with named parameters and closes it again. A file another writer holds is waited
/// for, up to the connection string's <c>Default Timeout</c> (30 s), rather than failing as locked.
/// </summary>
public sealed class SqliteDocuments(string connectionString)
{
    /// <summary>The silo's SQLite database (<c>Storage:Sqlite</c>), which the Sqlite profile's migrations set up.</summary>
    public static SqliteDocuments Of(IConfiguration configuration) => new(configuration["Storage:Sqlite"]
        ?? throw new InvalidOperationException("A SQLite store needs Storage:Sqlite, the SQLite connection string."));

    /// <summary>Runs a statement and returns how many rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}
