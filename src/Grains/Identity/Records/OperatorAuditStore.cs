using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Identity;

namespace Marketplace.Grains.Identity.Records;

/// <summary>The operators' audit trail: appended to, never changed, read newest first.</summary>
public interface IOperatorAuditStore
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<PagedList<AuditEntry>> PageAsync(AuditQuery query, CancellationToken cancellationToken);
}

/// <summary>Where a keyset page of the audit trail resumes: the last entry's time (UTC ticks) and id.</summary>
public sealed record AuditPosition(long At, Guid Id)
{
    public static AuditPosition Of(AuditEntry entry) => new(entry.At.UtcTicks, entry.Id);
}

/// <summary>The Memory profile's audit trail, in a memory table grain: gone with the cluster, like everything there.</summary>
public sealed class InMemoryOperatorAuditStore(IGrainFactory grains) : IOperatorAuditStore
{
    private IMemoryTableGrain<AuditEntry> Table => grains.GetGrain<IMemoryTableGrain<AuditEntry>>("operator-audit");

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken) => Table.Upsert(entry.Id, 0, entry);

    public async Task<PagedList<AuditEntry>> PageAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        Paging.Validate(query.Page, query.PageSize);
        var from = KeysetCursor.Decode<AuditPosition>(query.After);
        var matching = (await Table.Rows())
            .Where(e => (query.OperatorId is null || e.OperatorId == query.OperatorId) && (query.TargetId is null || e.TargetId == query.TargetId))
            .ToList();
        var ordered = matching.OrderByDescending(e => e.At.UtcTicks).ThenByDescending(e => e.Id)
            .Where(e => from is null || e.At.UtcTicks < from.At || (e.At.UtcTicks == from.At && e.Id.CompareTo(from.Id) < 0));
        return KeysetCursor.Page(KeysetCursor.Window(ordered, from is not null, query.Page, query.PageSize), query.Page, query.PageSize,
            matching.Count, AuditPosition.Of);
    }
}
