using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Identity.Records;

/// <summary>The accounts (couriers) waiting for an operator's approval, oldest first.</summary>
public interface IPendingAccountStore
{
    Task AddAsync(Guid userId, DateTimeOffset registeredAt, CancellationToken cancellationToken);

    Task RemoveAsync(Guid userId, CancellationToken cancellationToken);

    Task<PagedList<Guid>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken);
}

/// <summary>Where a keyset page of the pending accounts resumes: the last account's registration time (UTC ticks) and id.</summary>
public sealed record PendingAccountPosition(long RegisteredAt, Guid UserId)
{
    /// <summary>The accounts of a page read as positions, with the same cursor.</summary>
    public static PagedList<Guid> Ids(PagedList<PendingAccountPosition> page) =>
        new(page.Items.Select(p => p.UserId).ToList(), page.Page, page.PageSize, page.Total, page.Next);
}

/// <summary>A pending account as the Memory profile's table holds it.</summary>
[GenerateSerializer, Immutable]
public sealed record PendingAccount([property: Id(0)] Guid UserId, [property: Id(1)] DateTimeOffset RegisteredAt);

/// <summary>The Memory profile's pending accounts, in a memory table grain.</summary>
public sealed class InMemoryPendingAccountStore(IGrainFactory grains) : IPendingAccountStore
{
    private IMemoryTableGrain<PendingAccount> Table => grains.GetGrain<IMemoryTableGrain<PendingAccount>>("pending-accounts");

    public Task AddAsync(Guid userId, DateTimeOffset registeredAt, CancellationToken cancellationToken) =>
        Table.Upsert(userId, 0, new PendingAccount(userId, registeredAt));

    public Task RemoveAsync(Guid userId, CancellationToken cancellationToken) => Table.Remove(userId);

    public async Task<PagedList<Guid>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<PendingAccountPosition>(after);
        var all = await Table.Rows();
        var ordered = all.OrderBy(p => p.RegisteredAt.UtcTicks).ThenBy(p => p.UserId)
            .Where(p => from is null || p.RegisteredAt.UtcTicks > from.RegisteredAt || (p.RegisteredAt.UtcTicks == from.RegisteredAt && p.UserId.CompareTo(from.UserId) > 0));
        var rows = KeysetCursor.Window(ordered.Select(p => new PendingAccountPosition(p.RegisteredAt.UtcTicks, p.UserId)), from is not null, page, pageSize);
        return PendingAccountPosition.Ids(KeysetCursor.Page(rows, page, pageSize, all.Count, p => p));
    }
}
