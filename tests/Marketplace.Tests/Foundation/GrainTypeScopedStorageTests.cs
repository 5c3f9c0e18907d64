using Marketplace.Common;
using Marketplace.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Marketplace.Tests.Foundation;

public interface IFirstKindOfGrain : IGrainWithGuidKey
{
    Task Remember(string value);
    Task<string?> Recall();
}

public interface ISecondKindOfGrain : IGrainWithGuidKey
{
    Task Remember(string value);
    Task<string?> Recall();
}

public abstract class RememberingGrain(IPersistentState<RememberedValue> state) : Grain
{
    public async Task Remember(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public async Task<string?> Recall()
    {
        await state.ReadStateAsync();
        return state.State.Value;
    }
}

public sealed class FirstKindOfGrain([PersistentState("state", StorageNames.Orders)] IPersistentState<RememberedValue> state)
    : RememberingGrain(state), IFirstKindOfGrain;

public sealed class SecondKindOfGrain([PersistentState("state", StorageNames.Orders)] IPersistentState<RememberedValue> state)
    : RememberingGrain(state), ISecondKindOfGrain;

[GenerateSerializer]
public sealed class RememberedValue
{
    [Id(0)] public string? Value { get; set; }
}

/// <summary>Two grain types with the same key and state name keep separate rows in the PostgreSQL store.</summary>
public sealed class GrainTypeScopedStorageTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await MarketplaceTestCluster.StartAsync(new Dictionary<string, string?>
    {
        ["Storage:Profile"] = "Durable",
        ["Storage:Postgres"] = database.ConnectionString,
        ["Storage:Redis"] = TestStores.Redis,
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Grains_of_different_types_with_one_key_do_not_share_state()
    {
        var id = Guid.NewGuid();
        var first = _cluster.Client.GetGrain<IFirstKindOfGrain>(id);
        var second = _cluster.Client.GetGrain<ISecondKindOfGrain>(id);

        await first.Remember("first");
        await second.Remember("second");

        Assert.Equal("first", await first.Recall());
        Assert.Equal("second", await second.Recall());
    }
}
