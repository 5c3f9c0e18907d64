using Marketplace.Common;
using Marketplace.Persistence;
using Marketplace.Silo.Storage;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Storage;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace Marketplace.Tests.Foundation.Storage;

/// <summary>
/// Every persisted state type of every grain, filled with 0, 1 and more elements per collection, written through
/// each real store (PostgreSQL, Redis, SQLite) and read back by a silo started afterwards: what a grain reads when it
/// activates after a restart. Also rows written by the storage serializer the silo used before (Orleans' default
/// Newtonsoft JSON with <c>$type</c> names), which the silo must still read.
/// </summary>
public sealed class PersistedStateRoundTripTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>
{
    // 0, 1, 2 and 3 elements: in an interface-typed member, an empty array and the compiler's three list types.
    private static readonly int[] Sizes = [0, 1, 2, 3];

    [Fact]
    public void Every_grain_state_of_the_grains_assembly_is_found()
    {
        var states = PersistedStates.InGrainsAssembly();
        Assert.Contains(states, s => s.StateName == "product");
        Assert.Contains(states, s => s.StateName == "cart");
        Assert.All(states, s => Assert.Contains(s.Store, StoreCatalog.Backends.Keys));
    }

    [Fact]
    public Task Every_state_reads_back_from_postgresql_and_redis_in_a_silo_started_afterwards() =>
        AssertRoundTrips(DurableSettings(), [Postgres(legacy: false), Redis(legacy: false)]);

    [Fact]
    public Task Rows_the_former_json_serializer_wrote_to_postgresql_and_redis_still_read() =>
        AssertRoundTrips(DurableSettings(), [Postgres(legacy: true), Redis(legacy: true)], services => services
            .AddAdoNetGrainStorage(Postgres(true).Writer!, o =>
            {
                o.Invariant = RelationalDatabase.Postgres(postgres.ConnectionString).AdoNetInvariant();
                o.ConnectionString = postgres.ConnectionString;
            })
            .AddRedisGrainStorage(Redis(true).Writer!, o => o.ConfigurationOptions = ConfigurationOptions.Parse(TestStores.Redis)));

    [Fact]
    public async Task Every_state_reads_back_from_sqlite_in_a_silo_started_afterwards()
    {
        var file = new SqliteDatabaseFile();
        await file.InitializeAsync();
        try
        {
            await AssertRoundTrips(SqliteSettings(file), [Sqlite(legacy: false)]);
        }
        finally
        {
            await file.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rows_the_former_json_serializer_wrote_to_sqlite_still_read()
    {
        var file = new SqliteDatabaseFile();
        await file.InitializeAsync();
        try
        {
            await AssertRoundTrips(SqliteSettings(file), [Sqlite(legacy: true)], services => services
                .AddAdoNetGrainStorage(Sqlite(true).Writer!, o =>
                {
                    o.Invariant = RelationalDatabase.Sqlite(file.ConnectionString).AdoNetInvariant();
                    o.ConnectionString = file.ConnectionString;
                }));
        }
        finally
        {
            await file.DisposeAsync();
        }
    }

    /// <summary>
    /// A store to write through: <see cref="Store"/> picks, for a state, the silo's store it is read back from;
    /// <see cref="Writer"/> names a storage provider with Orleans' default serializer to write it with instead, or is null.
    /// </summary>
    private sealed record Target(string Name, Func<PersistedState, string> Store, string? Writer, bool TypeScoped);

    private static Target Postgres(bool legacy) => new("PostgreSQL", s => On(s, StoreBackend.Postgres, StorageNames.Products), legacy ? "legacy-postgres" : null, true);

    private static Target Redis(bool legacy) => new("Redis", s => On(s, StoreBackend.Redis, StorageNames.Carts), legacy ? "legacy-redis" : null, false);

    private static Target Sqlite(bool legacy) => new("SQLite", s => s.Store, legacy ? "legacy-sqlite" : null, true);

    /// <summary>The state's own store when it lives on the backend, else a store that does: every state meets every backend.</summary>
    private static string On(PersistedState state, StoreBackend backend, string standIn) =>
        StoreCatalog.Backends[state.Store] == backend ? state.Store : standIn;

    private Dictionary<string, string?> DurableSettings() => new()
    {
        ["Storage:Profile"] = "Durable",
        ["Storage:Postgres"] = postgres.ConnectionString,
        ["Storage:Redis"] = TestStores.Redis,
    };

    private static Dictionary<string, string?> SqliteSettings(SqliteDatabaseFile file) => new()
    {
        ["Storage:Profile"] = "Sqlite",
        ["Storage:Sqlite"] = file.ConnectionString,
    };

    private sealed record Written(Target Target, PersistedState State, int Size, GrainId GrainId, string Expected);

    private static async Task AssertRoundTrips(Dictionary<string, string?> settings, IReadOnlyList<Target> targets,
        Action<IServiceCollection>? legacyWriters = null)
    {
        var serviceId = $"round-trip-{Guid.NewGuid():N}";
        var failures = new List<string>();
        var written = new List<Written>();

        await using (var writer = await MarketplaceTestCluster.StartAsync(settings, replaceServices: legacyWriters, serviceId: serviceId))
        {
            var services = writer.GetSiloServiceProvider();
            var grainTypes = services.GetRequiredService<GrainTypeResolver>();
            foreach (var target in targets)
            {
                foreach (var state in PersistedStates.InGrainsAssembly())
                {
                    foreach (var size in Sizes)
                    {
                        var grainId = GrainId.Create(grainTypes.GetGrainType(state.GrainClass), $"round-trip-{size}-{Guid.NewGuid():N}");
                        var value = new StateSamples(size).Create(state.StateType);
                        try
                        {
                            await Invoke(nameof(WriteAsync), state.StateType, WriterOf(services, target, state), state.StateName, grainId, value);
                            written.Add(new Written(target, state, size, grainId, StateDescription.Of(value)));
                        }
                        catch (Exception e)
                        {
                            failures.Add($"{state} to {target.Name}, {size} per collection: the write failed: {e.GetBaseException().Message}");
                        }
                    }
                }
            }
        }

        // A silo of its own, started after the writer stopped: nothing is read from a cache or from the writer's memory.
        await using (var reader = await MarketplaceTestCluster.StartAsync(settings, serviceId: serviceId))
        {
            var services = reader.GetSiloServiceProvider();
            foreach (var entry in written)
            {
                var storage = services.GetRequiredKeyedService<IGrainStorage>(entry.Target.Store(entry.State));
                var context = $"{entry.State} from {entry.Target.Name}, {entry.Size} per collection";
                try
                {
                    var read = await Invoke(nameof(ReadAsync), entry.State.StateType, storage, entry.State.StateName, entry.GrainId, null);
                    var actual = StateDescription.Of(read);
                    if (actual != entry.Expected)
                    {
                        failures.Add($"{context}: read back\n  {actual}\nwhere it wrote\n  {entry.Expected}");
                    }
                }
                catch (Exception e)
                {
                    failures.Add($"{context}: the read failed: {e.GetBaseException().Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(targets.Count * PersistedStates.InGrainsAssembly().Count * Sizes.Length, written.Count);
    }

    private static IGrainStorage WriterOf(IServiceProvider services, Target target, PersistedState state)
    {
        if (target.Writer is null)
        {
            return services.GetRequiredKeyedService<IGrainStorage>(target.Store(state));
        }
        var legacy = services.GetRequiredKeyedService<IGrainStorage>(target.Writer);
        return target.TypeScoped ? new GrainTypeScopedStorage(legacy) : legacy;
    }

    private static async Task<object?> Invoke(string method, Type stateType, IGrainStorage storage, string stateName, GrainId grainId, object? value)
    {
        var task = (Task<object?>)typeof(PersistedStateRoundTripTests).GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(stateType).Invoke(null, [storage, stateName, grainId, value])!;
        return await task;
    }

    private static async Task<object?> WriteAsync<T>(IGrainStorage storage, string stateName, GrainId grainId, object? value)
    {
        await storage.WriteStateAsync(stateName, grainId, new GrainState<T>((T)value!));
        return null;
    }

    private static async Task<object?> ReadAsync<T>(IGrainStorage storage, string stateName, GrainId grainId, object? _)
    {
        var state = new GrainState<T>();
        await storage.ReadStateAsync(stateName, grainId, state);
        Assert.True(state.RecordExists, $"no row for {grainId}/{stateName}");
        return state.State;
    }
}
