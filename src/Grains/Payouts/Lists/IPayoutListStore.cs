using Marketplace.Common;
using Marketplace.Payouts;

namespace Marketplace.Grains.Payouts.Lists;

/// <summary>Which payouts a list shows; <paramref name="Failing"/>: refused, or sending after failed attempts.</summary>
public sealed record PayoutFilter(Guid? RunId, Guid? SellerId, PayoutStatus? Status, bool Failing);

/// <summary>
/// The payout runs and payouts as tables (migration 0851; memory table grains in the Memory profile), one row per run
/// and per payout with the aggregate's version, so an older or repeated event changes nothing.
/// </summary>
public interface IPayoutListStore
{
    Task UpsertRunAsync(PayoutRunView run, CancellationToken cancellationToken);

    Task UpsertPayoutAsync(PayoutView payout, long version, CancellationToken cancellationToken);

    Task<PagedList<PayoutRunView>> RunsAsync(int page, int pageSize, string? after, CancellationToken cancellationToken);

    Task<PayoutRunView?> FindRunAsync(Guid runId, CancellationToken cancellationToken);

    Task<List<PayoutTotal>> TotalsAsync(Guid runId, CancellationToken cancellationToken);

    Task<PagedList<PayoutView>> PayoutsAsync(PayoutFilter filter, int page, int pageSize, string? after, CancellationToken cancellationToken);

    /// <summary>Payouts still sending, by id after <paramref name="afterId"/>: what a reconciliation asks the processor about.</summary>
    Task<List<Guid>> SendingAsync(Guid afterId, int limit, CancellationToken cancellationToken);
}

/// <summary>Keyset position of a newest-first list row.</summary>
public sealed record NewestPosition(DateTimeOffset At, Guid Id);

/// <summary>Which payouts the failing list shows: refused ones, and those still sending after an unanswered attempt.</summary>
public static class PayoutRows
{
    public static bool IsFailing(PayoutView payout) => payout.Status == PayoutStatus.Failed || (payout.Status == PayoutStatus.Sending && payout.Attempts > 0);
}
