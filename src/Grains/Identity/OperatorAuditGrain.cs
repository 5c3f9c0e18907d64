using Marketplace.Common;
using Marketplace.Grains.Identity.Records;
using Marketplace.Identity;
using Orleans.Concurrency;

namespace Marketplace.Grains.Identity;

/// <summary>Stamps each operator action with an id and the time it arrived and appends it to the audit table.</summary>
[StatelessWorker]
public sealed class OperatorAuditGrain(IOperatorAuditStore store, TimeProvider clock) : Grain, IOperatorAuditGrain
{
    public Task Record(OperatorAction action)
    {
        var at = clock.GetUtcNow();
        return store.AppendAsync(AuditEntry.Of(Guid.CreateVersion7(at), at, action), CancellationToken.None);
    }

    public Task<PagedList<AuditEntry>> List(AuditQuery query) => store.PageAsync(query, CancellationToken.None);
}
