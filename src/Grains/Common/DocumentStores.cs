using Microsoft.Extensions.Configuration;
using MongoDB.Driver;

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

    /// <summary>The context's own connection string, else the silo's <c>Storage:Stores:{store}</c>, else <c>Storage:Postgres</c>.</summary>
    public static string PostgresConnectionString(string? own, string store, string section, IConfiguration configuration) =>
        own ?? configuration[$"Storage:Stores:{store}"] ?? configuration["Storage:Postgres"]
        ?? throw new InvalidOperationException($"The {store} store needs {section}:PostgresConnectionString or Storage:Postgres.");

    /// <summary>The silo's SQLite database (<c>Storage:Sqlite</c>), which the Sqlite profile's migrations set up.</summary>
    public static SqliteDocuments Sqlite(IConfiguration configuration) => new(configuration["Storage:Sqlite"]
        ?? throw new InvalidOperationException("A SQLite store needs Storage:Sqlite, the SQLite connection string."));

    /// <summary>The database named in the MongoDB URL (default <c>marketplace</c>).</summary>
    public static IMongoDatabase MongoDatabase(string? url, string section)
    {
        var mongoUrl = MongoUrl.Create(url ?? throw new InvalidOperationException($"A MongoDB store needs {section}:MongoConnectionString."));
        return new MongoClient(mongoUrl).GetDatabase(mongoUrl.DatabaseName ?? "marketplace");
    }
}
