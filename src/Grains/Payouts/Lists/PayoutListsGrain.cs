using Marketplace.Common;
using Marketplace.Payouts;
using Orleans.Concurrency;

namespace Marketplace.Grains.Payouts.Lists;

/// <summary>Reads the payout tables for the gateways and reconciles the payouts still sending; no state.</summary>
[StatelessWorker]
public sealed class PayoutListsGrain(IPayoutListStore store) : Grain, IPayoutListsGrain
{
    private const int ReconcileBatch = 200;

    public Task<PagedList<PayoutRunView>> Runs(int page, int pageSize, string? after) => store.RunsAsync(page, pageSize, after, CancellationToken.None);

    public async Task<PayoutRunReport> Run(Guid runId)
    {
        // The run itself, not its row, so a run whose first event is still on its way is found.
        var run = await GrainFactory.GetGrain<IPayoutRunGrain>(runId).Get();
        return new PayoutRunReport(run, await store.TotalsAsync(runId, CancellationToken.None));
    }

    public Task<PagedList<PayoutView>> Payouts(Guid? runId, Guid? sellerId, PayoutStatus? status, bool failing, int page, int pageSize, string? after)
    {
        if (status is { } named)
        {
            EnumRules.Defined(named, "status");
        }
        return store.PayoutsAsync(new PayoutFilter(runId, sellerId, status, failing), page, pageSize, after, CancellationToken.None);
    }

    public async Task<ReconciliationReport> Reconcile()
    {
        var outcomes = new List<PayoutReconciliation>();
        var after = Guid.Empty;
        while (true)
        {
            var sending = await store.SendingAsync(after, ReconcileBatch, CancellationToken.None);
            foreach (var payoutId in sending)
            {
                outcomes.Add(await GrainFactory.GetGrain<IPayoutGrain>(payoutId).Reconcile());
            }
            if (sending.Count < ReconcileBatch)
            {
                break;
            }
            after = sending[^1];
        }
        return new ReconciliationReport(outcomes.Count, outcomes.Count(o => o == PayoutReconciliation.Recorded),
            outcomes.Count(o => o == PayoutReconciliation.SentAgain), outcomes.Count(o => o == PayoutReconciliation.Unreachable));
    }
}
