using System.Collections.Concurrent;
using Marketplace.Grains.Common;
using Microsoft.Extensions.Configuration;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// Which database holds a context's projection tables: the database of the context's grain store (so a read model
/// sits next to the aggregates it is projected from), by the silo's storage profile: PostgreSQL when Durable
/// (<c>Storage:Stores:&lt;store&gt;</c>, else <c>Storage:Postgres</c>), the one SQLite file when Sqlite (the Memory
/// profile asks none: <see cref="ReadModelTables"/>). Contexts sharing a database share its connection pool.
/// </summary>
public sealed class ReadModelDatabases(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<(ReadModelEngine, string), ReadModelDatabase> _databases = new();

    /// <summary>The store's database.</summary>
    public ReadModelDatabase For(string store)
    {
        switch (configuration["Storage:Profile"]?.ToLowerInvariant())
        {
            case "durable":
                var postgres = configuration[$"Storage:Stores:{store}"] ?? configuration["Storage:Postgres"]
                               ?? throw new InvalidOperationException($"The {store} read models need Storage:Stores:{store} or Storage:Postgres.");
                return _databases.GetOrAdd((ReadModelEngine.Postgres, postgres), key => ReadModelDatabase.Postgres(PostgresPools.Pooled(key.Item2, PostgresPools.MaxPoolSize(configuration))));
            case "sqlite":
                var sqlite = configuration["Storage:Sqlite"]
                             ?? throw new InvalidOperationException("The Sqlite profile's read models need Storage:Sqlite.");
                return _databases.GetOrAdd((ReadModelEngine.Sqlite, sqlite), key => ReadModelDatabase.Sqlite(key.Item2));
            default:
                throw new InvalidOperationException($"The {store} tables need a relational storage profile (Storage:Profile Durable or Sqlite).");
        }
    }
}
