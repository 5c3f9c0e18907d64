using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Persistence;
using Marketplace.ServiceDefaults.Orleans;

namespace Marketplace.Silo.Storage;

public enum StoreBackend
{
    Postgres,
    Redis,
}

/// <summary>
/// Which server each grain store lives on in the durable profile, after the original design. The Sqlite profile puts
/// every store in its one SQLite database; the memory profile keeps them all in memory.
/// </summary>
public static class StoreCatalog
{
    public static IReadOnlyDictionary<string, StoreBackend> Backends { get; } = new Dictionary<string, StoreBackend>
    {
        [StorageNames.Products] = StoreBackend.Postgres,
        [StorageNames.Sellers] = StoreBackend.Postgres,
        [StorageNames.Orders] = StoreBackend.Postgres,
        [StorageNames.Shipments] = StoreBackend.Postgres,
        [StorageNames.Users] = StoreBackend.Postgres,
        [StorageNames.Ratings] = StoreBackend.Postgres,
        [StorageNames.Recommendations] = StoreBackend.Postgres,
        [StorageNames.Payments] = StoreBackend.Postgres,
        [StorageNames.Reviews] = StoreBackend.Postgres,
        [StorageNames.PubSub] = StoreBackend.Postgres,
        [StorageNames.Carts] = StoreBackend.Redis,
        [StorageNames.Sessions] = StoreBackend.Redis,
        [StorageNames.Feed] = StoreBackend.Redis,
    };

    public static string ConnectionString(this StorageOptions options, string store) =>
        options.Stores.TryGetValue(store, out var own) ? own
        : Backends[store] switch
        {
            StoreBackend.Postgres => options.Postgres,
            StoreBackend.Redis => options.Redis,
            _ => null,
        } ?? throw new InvalidOperationException($"Store '{store}' needs a connection string: set Storage:{Backends[store]} or Storage:Stores:{store}.");

    /// <summary>The relational database an ADO.NET grain storage of the store uses in this profile; null for memory and Redis stores.</summary>
    public static RelationalDatabase? AdoNetDatabase(this StorageOptions options, string store) => options.Profile switch
    {
        StorageProfile.Sqlite => options.SqliteDatabase(),
        StorageProfile.Durable when Backends[store] == StoreBackend.Postgres => options.Postgres(options.ConnectionString(store)),
        _ => null,
    };

    /// <summary>Every relational database the profile's stores use, each once.</summary>
    public static IEnumerable<RelationalDatabase> AdoNetDatabases(this StorageOptions options) =>
        Backends.Keys.Select(options.AdoNetDatabase).OfType<RelationalDatabase>().Distinct();

    /// <summary>A PostgreSQL database of the silo, with the silo's pool settings (<see cref="PostgresPools.Pooled"/>), capped at <see cref="StorageOptions.PostgresMaxPoolSize"/>.</summary>
    public static RelationalDatabase Postgres(this StorageOptions options, string connectionString) =>
        RelationalDatabase.Postgres(PostgresPools.Pooled(connectionString, options.PostgresMaxPoolSize));

    public static RelationalDatabase SqliteDatabase(this StorageOptions options) => RelationalDatabase.Sqlite(options.Sqlite
        ?? throw new InvalidOperationException("The Sqlite storage profile needs Storage:Sqlite, a SQLite connection string such as 'Data Source=.local/data/marketplace.db'."));

    /// <summary>The invariant name under which the Orleans ADO.NET providers know the database's engine.</summary>
    public static string AdoNetInvariant(this RelationalDatabase database) => database.Engine switch
    {
        DatabaseEngine.Postgres => MarketplaceClusterOptions.AdoNetInvariant,
        // Orleans' name for SQLite; it loads Microsoft.Data.Sqlite's SqliteFactory under it.
        DatabaseEngine.Sqlite => "System.Data.SQLite",
        _ => throw new ArgumentOutOfRangeException(nameof(database), database.Engine, null),
    };
}
