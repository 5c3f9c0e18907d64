using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Ordering;
using Marketplace.Grains.Payouts.Ledger;
using Marketplace.Grains.Payouts.Processing;
using Marketplace.Payouts;
using Marketplace.Sellers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Payouts.Runs;

/// <summary>
/// The shell of a payout (<see cref="PayoutCore"/>): each step is written with its event and the effect it owes, so
/// a crash or a processor outage delays the payout but neither loses nor repeats it. The ledger's entries are keyed by
/// the payout and its step, and the processor's call by the payout's id, so every effect may run again safely.
/// </summary>
public sealed class PayoutGrain(
    [PersistentState("payout", StorageNames.Payments)] IPersistentState<PayoutState> state,
    ISellerLedgerStore ledger,
    PayoutProcessorClient processor,
    IOptions<PayoutsOptions> options,
    OutboxRuntime outbox,
    ILogger<PayoutGrain> logger) : AggregateGrain(outbox), IPayoutGrain
{
    private PayoutState State => state.State;
    private Guid PayoutId => this.GetPrimaryKey();

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public async Task<PayoutView> Open(Guid runId, Guid sellerId)
    {
        await Run(new OpenPayout(PayoutId, runId, sellerId));
        return State.ToView();
    }

    public Task<PayoutView> Get() => State.IsOpen ? Task.FromResult(State.ToView()) : throw new NotFoundException($"Payout {PayoutId} does not exist.");

    public async Task<PayoutReconciliation> Reconcile()
    {
        if (State.Status != PayoutStatus.Sending)
        {
            return PayoutReconciliation.Settled;
        }
        var held = await processor.Find(PayoutId, CancellationToken.None);
        switch (held?.Outcome)
        {
            case null:
                await Run(new SendNow());
                return PayoutReconciliation.SentAgain;
            case PayoutOutcome.Unanswered:
                return PayoutReconciliation.Unreachable;
            default:
                logger.LogInformation("Payout {Payout} was {Outcome} at the processor without our record of it: recorded now", PayoutId, held.Outcome);
                await Run(new ProcessorAnswered(held));
                return PayoutReconciliation.Recorded;
        }
    }

    private async Task Run(PayoutCommand command)
    {
        var decision = PayoutCore.Decide(State, command, Clock.GetUtcNow(), options.Value);
        if (decision.IsEmpty)
        {
            return;
        }
        foreach (var change in decision.Events)
        {
            PayoutCore.Apply(State, change);
        }
        foreach (var published in decision.Published)
        {
            Raise(StreamNames.Payouts, PayoutId.ToString(), published);
        }
        foreach (var effect in decision.Effects)
        {
            Enqueue(effect);
        }
        await Commit();
    }

    protected override async Task Perform(IAggregateEffect effect)
    {
        switch (effect)
        {
            case ReserveFundsEffect when State.Status == PayoutStatus.Reserving:
                await Reserve();
                break;
            case SendPayoutEffect when State.Status == PayoutStatus.Sending:
                if (State.NextAttemptAt is { } due && due > Clock.GetUtcNow())
                {
                    throw new EffectNotDueException(due);
                }
                var seller = await GrainFactory.GetGrain<ISellerGrain>(State.SellerId).Get();
                await Run(new ProcessorAnswered(await processor.Send(PayoutId, State.AmountMinor, State.Currency, seller.Details.Payout, CancellationToken.None)));
                if (State.Status == PayoutStatus.Sending)
                {
                    throw new EffectNotDueException(State.NextAttemptAt!.Value);
                }
                break;
            case PostPayoutOutcomeEffect when State.Status == PayoutStatus.Paid:
                await Post("paid", () => LedgerPostingRules.PayoutPaid(Source("paid"), State.SellerId, PayoutId, State.AmountMinor));
                break;
            case PostPayoutOutcomeEffect when State.Status == PayoutStatus.Failed:
                logger.LogError("Payout {Payout} of seller {Seller} was refused: {Reason}", PayoutId, State.SellerId, State.History[^1].Note);
                await Post("failed", () => LedgerPostingRules.PayoutFailed(Source("failed"), State.SellerId, PayoutId, State.AmountMinor, State.History[^1].Note ?? "refused"));
                break;
        }
    }

    /// <summary>Takes the seller's whole available balance (a suspended seller is not paid); a repeat finds the entry it wrote.</summary>
    private async Task Reserve()
    {
        if (await GrainFactory.GetGrain<ISellerGrain>(State.SellerId).GetStatus() != SellerStatus.Active)
        {
            await Run(new FundsReserved(0, "the seller is not active"));
            return;
        }
        var minimum = Money.ToMinor(options.Value.MinimumPayout);
        var entry = await ledger.PostAsync(Source("payout"), State.SellerId, Clock.GetUtcNow(), saleOf: null,
            context => LedgerPostingRules.Payout(Source("payout"), State.SellerId, PayoutId, context.Position, minimum), CancellationToken.None);
        await Run(new FundsReserved(entry is null ? 0 : -entry.PayableChange, entry is null ? "less than the minimum payout available" : null));
    }

    private Task Post(string step, Func<Posting> posting) =>
        ledger.PostAsync(Source(step), State.SellerId, Clock.GetUtcNow(), saleOf: null, _ => posting(), CancellationToken.None);

    /// <summary>The ledger entry of one step of this payout.</summary>
    private Guid Source(string step) => DeterministicGuid.Create(PayoutId, step);
}
