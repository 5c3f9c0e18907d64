using Npgsql;

namespace Marketplace.Bench.Load;

/// <summary>
/// What the silo's PostgreSQL did during a phase: transactions committed in its database, WAL flushes (how many
/// commits each fsync carried: group commit), and CPU of the server's processes (the postmaster and every backend and
/// background worker under it, from /proc). Read over one connection of its own, one statement per reading.
/// </summary>
public sealed class PostgresProbe : IDisposable
{
    /// <summary>PostgreSQL publishes a backend's counters when it goes idle, at most once a second (PG 15: PGSTAT_MIN_INTERVAL).</summary>
    public static readonly TimeSpan StatisticsDelay = TimeSpan.FromMilliseconds(1500);

    private readonly NpgsqlConnection _connection;
    private readonly int _postmaster;
    private NpgsqlConnection? _statements;

    private PostgresProbe(NpgsqlConnection connection, int postmaster)
    {
        _connection = connection;
        _postmaster = postmaster;
    }

    public static PostgresProbe Open(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "bench-probe" }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)command.ExecuteScalar()!;
        // A backend's parent is the postmaster; the server runs on this machine (bench/run.sh's stack).
        var postmaster = ProcessTree.ParentOf(backend)
                         ?? throw new InvalidOperationException($"PostgreSQL backend {backend} is not a process on this machine; the probe needs a local server");
        return new PostgresProbe(connection, postmaster);
    }

    public long CpuTicks() => ProcessTree.TicksOfTree(_postmaster);

    public (long Commits, long WalSyncs) Counters()
    {
        using var command = new NpgsqlCommand(
            "SELECT d.xact_commit, w.wal_sync FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = current_database()", _connection);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Clears pg_stat_statements (server-wide), so that <see cref="Statements"/> covers what follows.</summary>
    public void ResetStatements()
    {
        using var command = new NpgsqlCommand("SELECT pg_stat_statements_reset()", StatementsConnection());
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The silo database's statements since <see cref="ResetStatements"/>, most total time first. The view is created in
    /// the postgres database by deploy/local/stack.sh, which also loads the library; without it the bench stops here.
    /// </summary>
    public IReadOnlyList<StatementStats> Statements(int top)
    {
        using var command = new NpgsqlCommand("""
            SELECT regexp_replace(s.query, '\s+', ' ', 'g'), s.calls, s.total_exec_time, s.rows, s.shared_blks_hit + s.shared_blks_read, s.wal_bytes
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = @database
            ORDER BY s.total_exec_time DESC LIMIT @top
            """, StatementsConnection());
        command.Parameters.AddWithValue("database", _connection.Database);
        command.Parameters.AddWithValue("top", top);
        using var reader = command.ExecuteReader();
        var statements = new List<StatementStats>();
        while (reader.Read())
        {
            statements.Add(new StatementStats(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetInt64(3), reader.GetInt64(4), (long)reader.GetDecimal(5)));
        }
        return statements;
    }

    private NpgsqlConnection StatementsConnection()
    {
        if (_statements is null)
        {
            _statements = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connection.ConnectionString) { Database = "postgres" }.ConnectionString);
            _statements.Open();
            using var check = new NpgsqlCommand("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'", _statements);
            if ((long)check.ExecuteScalar()! == 0)
            {
                throw new InvalidOperationException(
                    "pg_stat_statements is not installed in the bench PostgreSQL's postgres database: start the stack with deploy/local/stack.sh " +
                    "(it loads and creates it; a server started before that needs stack.sh stop and start)");
            }
        }
        return _statements;
    }

    public void Dispose()
    {
        _statements?.Dispose();
        _connection.Dispose();
    }
}

/// <summary>One normalised statement of pg_stat_statements: calls, total execution time (ms), rows, buffers touched, WAL written.</summary>
public sealed record StatementStats(string Query, long Calls, double TotalMs, long Rows, long Blocks, long WalBytes);

/// <summary>/proc: a process's parent, and the CPU ticks of a process and its children.</summary>
internal static class ProcessTree
{
    public static int? ParentOf(int pid) => Stat(pid) is { } fields ? int.Parse(fields[1]) : null;

    /// <summary>
    /// CPU ticks of <paramref name="root"/> and its children (one level: PostgreSQL forks its workers directly): the
    /// root's own and its exited children's (cutime, cstime: a backend that ends moves its ticks there), plus each live
    /// child's, so the sum only grows.
    /// </summary>
    public static long TicksOfTree(int root)
    {
        var parent = root.ToString(System.Globalization.CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || Stat(pid) is not { } fields)
            {
                continue;
            }
            if (pid == root)
            {
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            }
            else if (fields[1] == parent)
            {
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
        }
        return ticks;
    }

    /// <summary>The fields after the parenthesised command name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14); null once the process is gone.</summary>
    public static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
