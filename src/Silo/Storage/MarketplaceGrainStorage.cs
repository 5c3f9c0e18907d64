using Orleans.Storage;
using StackExchange.Redis;

namespace Marketplace.Silo.Storage;

/// <summary>
/// One grain storage per store, under the store's name: the profile's provider (memory, ADO.NET or Redis) writing
/// with <see cref="MarketplaceStorageSerializer"/>, keyed by grain type on ADO.NET (<see cref="GrainTypeScopedStorage"/>),
/// and wrapped so a failed write resets the grain (<see cref="FailedWriteResetsGrainStorage"/>).
/// </summary>
public static class MarketplaceGrainStorage
{
    /// <summary>The name of a store's storage without the reset on a failed write: what <see cref="Guarded"/> wraps.</summary>
    public static string Unguarded(string store) => $"{store}.unguarded";

    /// <summary>Wraps a store's storage so that a write it fails resets the grain that asked for it.</summary>
    public static IGrainStorage Guarded(IServiceProvider services, IGrainStorage storage) => new FailedWriteResetsGrainStorage(
        storage, services.GetRequiredService<IGrainContextAccessor>(), services.GetRequiredService<ILogger<FailedWriteResetsGrainStorage>>());

    public static ISiloBuilder AddMarketplaceGrainStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        silo.Services.AddSingleton<LegacyJsonStateReader>();
        silo.Services.AddSingleton<MarketplaceStorageSerializer>();
        foreach (var store in StoreCatalog.Backends.Keys)
        {
            var unguarded = Unguarded(store);
            if (storage.Profile == StorageProfile.Memory)
            {
                silo.AddMemoryGrainStorage(unguarded);
            }
            else if (storage.AdoNetDatabase(store) is { } database)
            {
                var adoNetStore = $"{store}.adonet";
                silo.AddAdoNetGrainStorage(adoNetStore, options => options.Configure<MarketplaceStorageSerializer>((o, serializer) =>
                {
                    o.Invariant = database.AdoNetInvariant();
                    o.ConnectionString = database.ConnectionString;
                    o.GrainStorageSerializer = serializer;
                }));
                silo.Services.AddKeyedSingleton<IGrainStorage>(unguarded,
                    (services, _) => new GrainTypeScopedStorage(services.GetRequiredKeyedService<IGrainStorage>(adoNetStore)));
            }
            else
            {
                silo.AddRedisGrainStorage(unguarded, options => options.Configure<MarketplaceStorageSerializer>((o, serializer) =>
                {
                    o.ConfigurationOptions = ConfigurationOptions.Parse(storage.ConnectionString(store));
                    o.GrainStorageSerializer = serializer;
                }));
            }
            silo.Services.AddKeyedSingleton<IGrainStorage>(store,
                (services, _) => Guarded(services, services.GetRequiredKeyedService<IGrainStorage>(unguarded)));
        }
        return silo;
    }
}
