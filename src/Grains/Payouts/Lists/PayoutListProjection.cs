using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Payouts;
using Marketplace.Payouts.Events;

namespace Marketplace.Grains.Payouts.Lists;

/// <summary>
/// Keeps the payout lists in step with the payouts stream: each event says a run or a payout changed; the projection
/// reads its view and writes the row with the aggregate's version, so late or repeated events change nothing.
/// </summary>
public sealed class PayoutListProjection(IPayoutListStore store, IGrainFactory grains) : IReadModelProjection
{
    public string Name => "payout-lists";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Payouts];

    public async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        switch (envelope.Data)
        {
            case PayoutRunStarted or PayoutRunIssued:
                await store.UpsertRunAsync(await grains.GetGrain<IPayoutRunGrain>(Guid.Parse(envelope.AggregateId)).Get(), cancellationToken);
                break;
            case PayoutRequested or PayoutAttemptFailed or PayoutIssued or PayoutFailed:
                // The envelope's sequence grows with each event the payout raised, as its row's version must.
                var payout = await grains.GetGrain<IPayoutGrain>(Guid.Parse(envelope.AggregateId)).Get();
                await store.UpsertPayoutAsync(payout, Version(payout), cancellationToken);
                break;
        }
    }

    /// <summary>A payout's row version: it only moves forward (status changes, then attempts within one status).</summary>
    public static long Version(PayoutView payout) => payout.History.Count * 1_000_000L + payout.Attempts;
}
