using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Payouts;

namespace Marketplace.Grains.Payouts.Lists;

/// <summary>The payout lists of the Memory profile: two memory table grains, filtered and ordered as the SQL store does.</summary>
public sealed class InMemoryPayoutListStore(IGrainFactory grains) : IPayoutListStore
{
    private IMemoryTableGrain<PayoutRunView> Runs() => grains.GetGrain<IMemoryTableGrain<PayoutRunView>>("payout_runs");

    private IMemoryTableGrain<PayoutView> Payouts() => grains.GetGrain<IMemoryTableGrain<PayoutView>>("payouts");

    public Task UpsertRunAsync(PayoutRunView run, CancellationToken cancellationToken) => Runs().Upsert(run.RunId, run.Version, run);

    public Task UpsertPayoutAsync(PayoutView payout, long version, CancellationToken cancellationToken) => Payouts().Upsert(payout.PayoutId, version, payout);

    public async Task<PagedList<PayoutRunView>> RunsAsync(int page, int pageSize, string? after, CancellationToken cancellationToken) =>
        KeysetCursor.PageInMemory<PayoutRunView, NewestPosition>(await Runs().Rows(), page, pageSize, after, (rows, from) => rows
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RunId)
            .Where(r => from is null || r.StartedAt < from.At || (r.StartedAt == from.At && r.RunId.CompareTo(from.Id) < 0)),
            r => new NewestPosition(r.StartedAt, r.RunId));

    public async Task<PayoutRunView?> FindRunAsync(Guid runId, CancellationToken cancellationToken) => (await Runs().Find(runId))?.Row;

    public async Task<List<PayoutTotal>> TotalsAsync(Guid runId, CancellationToken cancellationToken) =>
        (await Payouts().Rows()).Where(p => p.RunId == runId).GroupBy(p => p.Status).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
        .Select(g => new PayoutTotal(g.Key, g.Count(), g.Sum(p => p.AmountMinor))).ToList();

    public async Task<PagedList<PayoutView>> PayoutsAsync(PayoutFilter filter, int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var matching = (await Payouts().Rows())
            .Where(p => (filter.RunId is null || p.RunId == filter.RunId) && (filter.SellerId is null || p.SellerId == filter.SellerId)
                        && (filter.Status is null || p.Status == filter.Status) && (!filter.Failing || PayoutRows.IsFailing(p))).ToList();
        return KeysetCursor.PageInMemory<PayoutView, NewestPosition>(matching, page, pageSize, after, (rows, from) => rows
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.PayoutId)
            .Where(p => from is null || p.CreatedAt < from.At || (p.CreatedAt == from.At && p.PayoutId.CompareTo(from.Id) < 0)),
            p => new NewestPosition(p.CreatedAt, p.PayoutId));
    }

    public async Task<List<Guid>> SendingAsync(Guid afterId, int limit, CancellationToken cancellationToken) =>
        (await Payouts().Rows()).Where(p => p.Status == PayoutStatus.Sending).Select(p => p.PayoutId).Where(id => id.CompareTo(afterId) > 0).Order().Take(limit).ToList();
}
