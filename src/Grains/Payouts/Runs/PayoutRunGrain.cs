using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Payouts.Ledger;
using Marketplace.Payouts;
using Marketplace.Payouts.Events;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Payouts.Runs;

/// <summary>
/// A payout run: it walks the sellers with a balance in the ledger, a batch per effect, and opens each one's payout
/// (keyed by run and seller, so a repeated batch opens nothing twice); each payout then goes on by itself. The cursor
/// is written with each batch, so a crash resumes the walk where it stopped.
/// </summary>
public sealed class PayoutRunGrain(
    [PersistentState("payout-run", StorageNames.Payments)] IPersistentState<PayoutRunGrain.RunState> state,
    ISellerLedgerStore ledger,
    IOptions<PayoutsOptions> options,
    OutboxRuntime outbox) : AggregateGrain(outbox), IPayoutRunGrain
{
    private RunState State => state.State;
    private Guid RunId => this.GetPrimaryKey();

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public async Task<PayoutRunView> Start(PayoutTrigger trigger)
    {
        if (State.StartedAt is null)
        {
            EnumRules.Defined(trigger, "trigger");
            (State.Trigger, State.StartedAt, State.Status) = (trigger, Clock.GetUtcNow(), PayoutRunStatus.Issuing);
            State.Version++;
            Raise(StreamNames.Payouts, RunId.ToString(), new PayoutRunStarted(RunId, trigger));
            Enqueue(new IssueBatchEffect());
            await Commit();
        }
        return View();
    }

    public Task<PayoutRunView> Get() => State.StartedAt is null ? throw new NotFoundException($"Payout run {RunId} does not exist.") : Task.FromResult(View());

    protected override async Task Perform(IAggregateEffect effect)
    {
        if (effect is not IssueBatchEffect || State.Status != PayoutRunStatus.Issuing)
        {
            return;
        }
        var batch = options.Value.RunBatchSize;
        var sellers = await ledger.SellersWithBalanceAsync(State.Cursor, batch, CancellationToken.None);
        foreach (var sellerId in sellers)
        {
            await GrainFactory.GetGrain<IPayoutGrain>(PayoutIds.For(RunId, sellerId)).Open(RunId, sellerId);
        }
        State.Sellers += sellers.Count;
        State.Version++;
        if (sellers.Count < batch)
        {
            (State.Status, State.IssuedAt) = (PayoutRunStatus.Issued, Clock.GetUtcNow());
            Raise(StreamNames.Payouts, RunId.ToString(), new PayoutRunIssued(RunId, State.Sellers));
        }
        else
        {
            State.Cursor = sellers[^1];
            Enqueue(new IssueBatchEffect());
        }
        await Commit();
    }

    private PayoutRunView View() => new(RunId, State.Trigger, State.Status, State.Sellers, State.StartedAt!.Value, State.IssuedAt, State.Version);

    [GenerateSerializer]
    public sealed class RunState
    {
        [Id(0)] public PayoutTrigger Trigger { get; set; }
        [Id(1)] public PayoutRunStatus Status { get; set; }
        [Id(2)] public DateTimeOffset? StartedAt { get; set; }
        [Id(3)] public DateTimeOffset? IssuedAt { get; set; }

        /// <summary>The last seller of the last batch: the next batch starts after it.</summary>
        [Id(4)] public Guid Cursor { get; set; }
        [Id(5)] public int Sellers { get; set; }
        [Id(6)] public long Version { get; set; }
        [Id(7)] public EventOutbox Outbox { get; set; } = new();
    }
}

/// <summary>Open the payouts of the next batch of sellers.</summary>
[GenerateSerializer, Immutable]
public sealed record IssueBatchEffect : IAggregateEffect;
