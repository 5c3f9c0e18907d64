using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Marketplace.Grains.Common;

/// <summary>
/// Caps every PostgreSQL connection pool a silo opens, so that N silos starting at once stay under the server's
/// <c>max_connections</c>. Npgsql's default of 100 per pool, times four pools (grain storage with membership and
/// reminders, search, payments, reviews) and two silos, exhausted PostgreSQL at a restart (issue 14). The arithmetic
/// is in docs/storage.md.
/// </summary>
public static class PostgresPools
{
    /// <summary>The setting: the largest number of connections any one pool of a silo opens.</summary>
    public const string MaxPoolSizeSetting = "Storage:PostgresMaxPoolSize";

    public const int DefaultMaxPoolSize = 16;

    public static int MaxPoolSize(IConfiguration configuration) => configuration.GetValue(MaxPoolSizeSetting, DefaultMaxPoolSize);

    /// <summary>The connection string with the pool cap, unless it names a pool size of its own.</summary>
    public static string Capped(string connectionString, int maxPoolSize)
    {
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal) is var k
                && (k.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase) || k.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase)));
        return named ? connectionString : new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxPoolSize }.ConnectionString;
    }

    /// <summary>
    /// A document-keeping context's database: its own connection string, else the silo's <c>Storage:Stores:{store}</c>,
    /// else <c>Storage:Postgres</c>.
    /// </summary>
    public static string ConnectionString(string? own, string store, string section, IConfiguration configuration) =>
        own ?? configuration[$"Storage:Stores:{store}"] ?? configuration["Storage:Postgres"]
        ?? throw new InvalidOperationException($"The {store} store needs {section}:PostgresConnectionString or Storage:Postgres.");

    /// <summary>A data source (a pool of its own) on the connection string, capped.</summary>
    public static NpgsqlDataSource DataSource(string connectionString, IConfiguration configuration) =>
        NpgsqlDataSource.Create(Capped(connectionString, MaxPoolSize(configuration)));
}
