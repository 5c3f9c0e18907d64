using Marketplace.Grains.Common;
using Marketplace.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Marketplace.Tests.Infrastructure;

/// <summary>A fresh SQLite file in a temporary folder of its own, migrated as the Sqlite profile's is, deleted when disposed.</summary>
public sealed class SqliteDatabaseFile : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"marketplace-sqlite-{Guid.NewGuid():N}");

    public string ConnectionString => $"Data Source={Path.Combine(_folder, "marketplace.db")}";

    public SqliteDocuments Documents => new(ConnectionString);

    public Task InitializeAsync() =>
        new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync([RelationalDatabase.Sqlite(ConnectionString)]);

    public Task DisposeAsync()
    {
        // Pooled connections keep the file open; it can only go once they are closed.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
