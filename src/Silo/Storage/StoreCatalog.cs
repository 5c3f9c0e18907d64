using Marketplace.Common;

namespace Marketplace.Silo.Storage;

public enum StoreBackend
{
    Postgres,
    Redis,
}

/// <summary>Which server each grain store lives on in the durable profile, after the original design.</summary>
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

    public static IEnumerable<string> PostgresConnectionStrings(this StorageOptions options) =>
        Backends.Where(b => b.Value == StoreBackend.Postgres).Select(b => options.ConnectionString(b.Key));
}
