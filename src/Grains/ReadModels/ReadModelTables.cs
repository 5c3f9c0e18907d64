using Marketplace.Grains.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// Builds a context's store on the tables of one grain store's database (a read model sits next to the aggregates it
/// is projected from). The relational adapter project, Marketplace.Stores.Sql, registers one per store interface
/// (<c>AddSqlStores</c>) for PostgreSQL and SQLite alike; the Memory profile keeps no database, and its contexts use
/// their memory tables instead.
/// </summary>
public sealed class ReadModelTables<TStore>(Func<string, TStore> onDatabaseOf) where TStore : class
{
    public TStore OnDatabaseOf(string store) => onDatabaseOf(store);
}

public static class ReadModelTables
{
    /// <summary>The store on the tables of <paramref name="store"/>'s database, or <paramref name="inMemory"/> in the Memory profile.</summary>
    public static TStore For<TStore>(IServiceProvider provider, string store, Func<IServiceProvider, TStore> inMemory) where TStore : class =>
        DocumentStores.Resolve(DocumentStoreKind.Auto, provider.GetRequiredService<IConfiguration>()) == DocumentStoreKind.Memory
            ? inMemory(provider)
            : (provider.GetService<ReadModelTables<TStore>>() ?? throw new InvalidOperationException(
                $"No relational adapter of {typeof(TStore).Name} is registered: the host adds Marketplace.Stores.Sql (services.AddSqlStores())."))
            .OnDatabaseOf(store);
}
