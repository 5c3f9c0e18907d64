using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Marketplace.Grains.Common;

/// <summary>
/// The settings of every PostgreSQL connection pool a silo opens. The cap keeps N silos starting at once under the
/// server's <c>max_connections</c>: Npgsql's default of 100 per pool, times four pools (grain storage with membership
/// and reminders, search, payments, reviews) and two silos, exhausted PostgreSQL at a restart (issue 14); the
/// arithmetic is in docs/storage.md. The session settings keep what a connection has learnt between uses: without them
/// every return to the pool sent <c>DISCARD ALL</c> (127 per checkout), which also throws away the server-side
/// prepared statements and the plans PL/pgSQL caches per session (the grain-state write function re-planned its
/// statements on every call); with them, statements run often are prepared once per connection (bench/README.md).
/// </summary>
public static class PostgresPools
{
    /// <summary>The setting: the largest number of connections any one pool of a silo opens.</summary>
    public const string MaxPoolSizeSetting = "Storage:PostgresMaxPoolSize";

    public const int DefaultMaxPoolSize = 16;

    /// <summary>How many statements per connection Npgsql prepares on the server once each has run a few times.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    public static int MaxPoolSize(IConfiguration configuration) => configuration.GetValue(MaxPoolSizeSetting, DefaultMaxPoolSize);

    /// <summary>
    /// The connection string with the pool cap, automatic preparation and no reset on return to the pool, each unless the
    /// connection string names it itself. Nothing in the silo leaves session state behind for a reset to clear (no
    /// session SET, no LISTEN, temporary tables drop on commit; the migrator's advisory lock is on a connection of its own).
    /// </summary>
    public static string Pooled(string connectionString, int maxPoolSize)
    {
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!named.Contains("MaxPoolSize") && !named.Contains("MaximumPoolSize"))
        {
            builder.MaxPoolSize = maxPoolSize;
        }
        if (!named.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }
        if (!named.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    /// <summary>
    /// A document-keeping context's database: its own connection string, else the silo's <c>Storage:Stores:{store}</c>,
    /// else <c>Storage:Postgres</c>.
    /// </summary>
    public static string ConnectionString(string? own, string store, string section, IConfiguration configuration) =>
        own ?? configuration[$"Storage:Stores:{store}"] ?? configuration["Storage:Postgres"]
        ?? throw new InvalidOperationException($"The {store} store needs {section}:PostgresConnectionString or Storage:Postgres.");

    /// <summary>A data source (a pool of its own) on the connection string, with the silo's pool settings.</summary>
    public static NpgsqlDataSource DataSource(string connectionString, IConfiguration configuration) =>
        NpgsqlDataSource.Create(Pooled(connectionString, MaxPoolSize(configuration)));
}
