using Marketplace.Common;
using Marketplace.Identity;

namespace Marketplace.Grains.Identity;

public sealed class OperatorAuditGrain([PersistentState("operator-audit", StorageNames.Users)] IPersistentState<OperatorAuditGrain.AuditState> state)
    : Grain, IOperatorAuditGrain
{
    public async Task Record(AuditEntry entry)
    {
        state.State.Entries.Add(entry);
        await state.WriteStateAsync();
    }

    public Task<PagedList<AuditEntry>> List(int page, int pageSize) =>
        Task.FromResult(Enumerable.Reverse(state.State.Entries).ToPage(page, pageSize));

    [GenerateSerializer]
    public sealed class AuditState
    {
        /// <summary>Oldest first, as they happened.</summary>
        [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
    }
}
