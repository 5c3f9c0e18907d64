using Marketplace.Common;
using Marketplace.Returns;

namespace Marketplace.Grains.Returns.Lists;

/// <summary>One return's row in the lists: its summary and the return's version it shows (one per write).</summary>
[GenerateSerializer, Immutable]
public sealed record ReturnListRow(
    [property: Id(0)] ReturnSummary Summary,
    [property: Id(1)] long Version)
{
    public static ReturnListRow Of(ReturnView view) => new(new ReturnSummary(view.ReturnId, view.OrderId, view.SellerOrderId, view.SellerId,
        view.ShopperId, view.Status, view.Reason, view.Lines.Sum(l => l.Quantity), view.Amount, view.Currency, view.RequestedAt, view.History[^1].At),
        view.Version);

    public bool IsOf(ReturnParty party, Guid partyId) => (party == ReturnParty.Shopper ? Summary.ShopperId : Summary.SellerId) == partyId;
}

/// <summary>Where a keyset page of a return list resumes: the last row's request time (UTC ticks) and id.</summary>
public sealed record ReturnListPosition(long RequestedAt, Guid Id)
{
    public static ReturnListPosition Of(ReturnSummary summary) => new(summary.RequestedAt.UtcTicks, summary.ReturnId);
}

/// <summary>
/// The return lists' projection table (migration 0830): one row per return, listed for its shopper and its seller, newest
/// first. A row is written only from a newer version than the stored one, so redelivered and reordered events change
/// nothing; a repair may also rewrite a row of the same version.
/// </summary>
public interface IReturnListStore
{
    Task<bool> ApplyAsync(ReturnListRow row, bool replaceSameVersion, CancellationToken cancellationToken);

    Task<ReturnListRow?> FindAsync(Guid returnId, CancellationToken cancellationToken);

    Task RemoveAsync(Guid returnId, CancellationToken cancellationToken);

    Task<PagedList<ReturnSummary>> PageAsync(ReturnParty party, Guid partyId, int page, int pageSize, string? after, CancellationToken cancellationToken);

    IAsyncEnumerable<Guid> IdsAsync(CancellationToken cancellationToken);

    Task ClearAsync(CancellationToken cancellationToken);
}
