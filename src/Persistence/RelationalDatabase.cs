namespace Marketplace.Persistence;

/// <summary>The relational engines the marketplace's SQL is written for; each has migrations of its own.</summary>
public enum DatabaseEngine
{
    /// <summary>PostgreSQL: every store, membership and reminders of the durable profile (<c>Migrations/*.sql</c>).</summary>
    Postgres,

    /// <summary>One SQLite file: grain storage, reminders and payments of the single-machine profile (<c>Migrations/Sqlite/*.sql</c>).</summary>
    Sqlite,
}

/// <summary>One database the migrator brings up to date: its engine and its ADO.NET connection string.</summary>
public sealed record RelationalDatabase(DatabaseEngine Engine, string ConnectionString)
{
    public static RelationalDatabase Postgres(string connectionString) => new(DatabaseEngine.Postgres, connectionString);

    public static RelationalDatabase Sqlite(string connectionString) => new(DatabaseEngine.Sqlite, connectionString);
}
