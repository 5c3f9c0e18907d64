namespace Marketplace.Grains.ReadModels;

/// <summary>
/// The ids of every stored aggregate of one grain type: what a consistency check compares a read model with, so that
/// an aggregate whose every event was lost is found too, not only the rows the read model already has. Read from the
/// grain storage table of the store's database (<see cref="IStoredAggregateKeys"/>, by the relational adapter). Memory
/// storage cannot be enumerated, so in the Memory profile a check compares the rows the read model has.
/// </summary>
public sealed class StoredAggregates(IServiceProvider provider)
{
    public IAsyncEnumerable<Guid> GuidKeysAsync(string store, string grainType, string stateName, CancellationToken cancellationToken) =>
        ReadModelTables.For<IStoredAggregateKeys>(provider, store, _ => UnenumerableStorage.Instance).GuidKeysAsync(grainType, stateName, cancellationToken);

    private sealed class UnenumerableStorage : IStoredAggregateKeys
    {
        public static readonly UnenumerableStorage Instance = new();

        public IAsyncEnumerable<Guid> GuidKeysAsync(string grainType, string stateName, CancellationToken cancellationToken) => AsyncEnumerable.Empty<Guid>();
    }
}

/// <summary>The Guid keys of one grain type's stored states in one store's database (Marketplace.Stores.Sql reads the Orleans storage table).</summary>
public interface IStoredAggregateKeys
{
    IAsyncEnumerable<Guid> GuidKeysAsync(string grainType, string stateName, CancellationToken cancellationToken);
}
