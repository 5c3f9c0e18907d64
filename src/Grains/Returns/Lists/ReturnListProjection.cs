using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.ReadModels;
using Marketplace.Returns;
using Orleans.Concurrency;

namespace Marketplace.Grains.Returns.Lists;

/// <summary>
/// Keeps the return lists in step with the returns stream: any event of a return says that it changed; the projection
/// reads the return and writes its row with the return's version, so a late or repeated event changes nothing.
/// </summary>
public sealed class ReturnListProjection(IReturnListStore store, IGrainFactory grains) : IReadModelProjection
{
    public string Name => "return-lists";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Returns];

    public async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var view = await grains.GetGrain<IReturnGrain>(Guid.Parse(envelope.AggregateId)).Get();
        await store.ApplyAsync(ReturnListRow.Of(view), replaceSameVersion: false, cancellationToken);
    }
}

/// <summary>Compares the return lists with the return grains (read model <c>returns</c>).</summary>
public sealed class ReturnListReconciler(IGrainFactory grains, IReturnListStore store, StoredAggregates aggregates)
    : RowPerAggregateReconciler<ReturnListRow>
{
    public override string ReadModel => ReadModelNames.Returns;

    protected override IAsyncEnumerable<Guid> AggregateIdsAsync(CancellationToken cancellationToken) =>
        aggregates.GuidKeysAsync(StorageNames.Orders, "return", "return", cancellationToken).Concat(store.IdsAsync(cancellationToken));

    protected override async Task<ReturnListRow> ReadAggregateAsync(Guid id) => ReturnListRow.Of(await grains.GetGrain<IReturnGrain>(id).Get());

    protected override Task<ReturnListRow?> FindRowAsync(Guid id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    protected override Task RemoveRowAsync(Guid id, CancellationToken cancellationToken) => store.RemoveAsync(id, cancellationToken);

    protected override Task RepairRowAsync(ReturnListRow row, CancellationToken cancellationToken) =>
        store.ApplyAsync(row, replaceSameVersion: true, cancellationToken);

    protected override Task ClearAsync(CancellationToken cancellationToken) => store.ClearAsync(cancellationToken);
}

/// <summary>Serves the return lists from their table; any silo, as many activations as the load needs.</summary>
[StatelessWorker]
public sealed class ReturnListsGrain(IReturnListStore store) : Grain, IReturnListsGrain
{
    public Task<PagedList<ReturnSummary>> Page(ReturnParty party, Guid partyId, int page, int pageSize, string? after = null) =>
        store.PageAsync(party, partyId, page, pageSize, after, CancellationToken.None);
}
