using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Grains.Common;

/// <summary>Where a context that keeps its records as documents (payments, reviews) keeps them.</summary>
public enum DocumentStoreKind
{
    /// <summary>The silo's storage profile decides: memory (Memory), PostgreSQL (Durable) or SQLite (Sqlite).</summary>
    Auto,
    Memory,
    Postgres,
    Mongo,

    /// <summary>The Sqlite profile's database (<c>Storage:Sqlite</c>).</summary>
    Sqlite,
}

/// <summary>
/// The one way a document-keeping context picks its store: the original design's MongoDB is an adapter chosen by
/// configuration, PostgreSQL is the default of the durable profile, SQLite that of the Sqlite profile, memory that
/// of the in-memory one.
/// </summary>
public static class DocumentStores
{
    public static DocumentStoreKind Resolve(DocumentStoreKind kind, IConfiguration configuration) =>
        kind != DocumentStoreKind.Auto ? kind
        : configuration["Storage:Profile"]?.ToLowerInvariant() switch
        {
            "durable" => DocumentStoreKind.Postgres,
            "sqlite" => DocumentStoreKind.Sqlite,
            _ => DocumentStoreKind.Memory,
        };
}

/// <summary>
/// How a context gets a store whose engine lives in an adapter project (<c>src/Stores</c>: Marketplace.Stores.Sql,
/// .Mongo, .Elasticsearch, .S3, .ClickHouse), so that this assembly references no database client: the adapter
/// project's extension registers its implementation of the context's store interface keyed by its engine, and the
/// context's own extension picks the engine from its options.
/// </summary>
public static class StoreAdapters
{
    public static TStore Adapter<TStore>(this IServiceProvider provider, object engine) where TStore : notnull =>
        provider.GetKeyedService<TStore>(engine) ?? throw new InvalidOperationException(
            $"No {engine} adapter of {typeof(TStore).Name} is registered: the host adds it with its adapter project's extension " +
            "(src/Stores, e.g. services.AddSqlStores()).");
}
