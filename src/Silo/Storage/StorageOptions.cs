namespace Marketplace.Silo.Storage;

public enum StorageProfile
{
    /// <summary>Orleans memory storage: nothing survives a restart. For the fastest grain tests.</summary>
    Memory,

    /// <summary>Every store on its real server: PostgreSQL through Orleans ADO.NET, Redis for carts and sessions.</summary>
    Durable,

    /// <summary>
    /// Every store, the reminders and the payment records in one SQLite file through Orleans ADO.NET: durable with no
    /// server at all, but for one machine only (Orleans has no SQLite clustering, so the cluster must be Localhost).
    /// </summary>
    Sqlite,
}

/// <summary>Where grain state lives. Bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProfile Profile { get; set; } = StorageProfile.Memory;

    /// <summary>The PostgreSQL database of every PostgreSQL-backed store that has no connection string of its own.</summary>
    public string? Postgres { get; set; }

    /// <summary>The Redis server of every Redis-backed store that has no connection string of its own.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// The Microsoft.Data.Sqlite connection string of the Sqlite profile's database, for instance
    /// <c>Data Source=.local/data/marketplace.db</c> (a relative path is taken from the working directory).
    /// </summary>
    public string? Sqlite { get; set; }

    /// <summary>Per-store connection strings, keyed by store name (for instance <c>orders</c>), to give a context its own database.</summary>
    public Dictionary<string, string> Stores { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The most connections any one PostgreSQL pool of the silo opens (<see cref="Grains.Common.PostgresPools"/>;
    /// the arithmetic against <c>max_connections</c> is in docs/storage.md). A connection string's own
    /// <c>Maximum Pool Size</c> wins.
    /// </summary>
    public int PostgresMaxPoolSize { get; set; } = Grains.Common.PostgresPools.DefaultMaxPoolSize;

    /// <summary>Apply the SQL migrations to every database of the profile before the silo joins the cluster.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
