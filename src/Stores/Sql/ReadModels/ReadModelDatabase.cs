using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Marketplace.Grains.ReadModels;

public enum ReadModelEngine
{
    Postgres,
    Sqlite,
}

/// <summary>
/// A database that holds projection tables: PostgreSQL in the durable profile, the SQLite file in the Sqlite profile
/// (the same tables, migrations 0800). The stores write one SQL text for both engines, with named <c>@parameters</c>
/// (Npgsql rewrites them); values are bound the way both engines order them alike: instants as UTC ticks, amounts as
/// SQLite REAL (its decimal would sort as text).
/// </summary>
public sealed class ReadModelDatabase(DbDataSource dataSource, ReadModelEngine engine)
{
    public static ReadModelDatabase Postgres(string connectionString) => new(NpgsqlDataSource.Create(connectionString), ReadModelEngine.Postgres);

    public static ReadModelDatabase Sqlite(string connectionString) =>
        new(SqliteFactory.Instance.CreateDataSource(connectionString), ReadModelEngine.Sqlite);

    public ReadModelEngine Engine => engine;

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await new ReadModelTransaction(connection, null, engine).ExecuteAsync(sql, cancellationToken, parameters);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await new ReadModelTransaction(connection, null, engine).QueryAsync(sql, read, cancellationToken, parameters);
    }

    /// <summary>Every value of a table's Guid key <paramref name="column"/>, in batches by key (what a consistency check walks).</summary>
    public async IAsyncEnumerable<Guid> KeysAsync(string table, string column, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int batch = 1000;
        Guid? after = null;
        while (true)
        {
            var keys = await QueryAsync($"SELECT {column} FROM {table} {(after is null ? "" : $"WHERE {column} > @after")} ORDER BY {column} LIMIT @limit",
                reader => reader.GetGuid(0), cancellationToken, ("after", after ?? Guid.Empty), ("limit", batch));
            foreach (var key in keys)
            {
                yield return key;
            }
            if (keys.Count < batch)
            {
                yield break;
            }
            after = keys[^1];
        }
    }

    /// <summary>
    /// A page of <paramref name="column"/> (text) from <paramref name="table"/> and the count of rows <paramref name="where"/>
    /// selects, read in one statement: two would let a row written between them be counted but not listed. The page is
    /// <paramref name="keyset"/> (extra conditions, or empty), <paramref name="orderBy"/>, @limit rows from @offset.
    /// The count is a <c>count(*)</c> of the rows, which grows with them (a list that may grow long keeps its total instead).
    /// </summary>
    public Task<(List<string> Rows, int Total)> PageWithTotalAsync(string table, string column, string where, string keyset, string orderBy,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        PageWithTotalAsync(table, column, where, keyset, orderBy, CountSql(table, where), cancellationToken, parameters);

    /// <summary>The count of the rows <paramref name="where"/> selects, as a scalar subquery (a total that grows with them).</summary>
    public static string CountSql(string table, string where) => $"(SELECT count(*) FROM {table} WHERE {where})";

    /// <summary>
    /// A page as the overload above reads it, with the total of <paramref name="total"/>, a scalar subquery: a kept count
    /// (<see cref="ListCounts{TOwner}.TotalSql"/>), read in the page's statement so both see one snapshot.
    /// </summary>
    public async Task<(List<string> Rows, int Total)> PageWithTotalAsync(string table, string column, string where, string keyset, string orderBy,
        string total, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var read = await QueryAsync($"""
            SELECT total.n, page.{column} FROM (SELECT {total} AS n) AS total
            LEFT JOIN (SELECT * FROM {table} WHERE {where}{keyset} ORDER BY {orderBy} LIMIT @limit OFFSET @offset) AS page ON TRUE
            ORDER BY {orderBy}
            """, reader => (Total: Convert.ToInt32(reader.GetValue(0)), Row: reader.IsDBNull(1) ? null : reader.GetString(1)), cancellationToken, parameters);
        return (read.Where(r => r.Row is not null).Select(r => r.Row!).ToList(), read[0].Total);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns.</summary>
    public async Task<T> InTransactionAsync<T>(Func<ReadModelTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(new ReadModelTransaction(connection, transaction, engine));
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}

/// <summary>Statements on one open connection, inside a transaction or not.</summary>
public sealed class ReadModelTransaction(DbConnection connection, DbTransaction? transaction, ReadModelEngine engine)
{
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = Bound(value);
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private object Bound(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset instant => instant.UtcTicks,
        decimal amount when engine == ReadModelEngine.Sqlite => (double)amount,
        Enum member => member.ToString(),
        _ => value,
    };
}
