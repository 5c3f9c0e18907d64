using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Payouts.Processing;
using Marketplace.Ordering;
using Marketplace.Payouts;
using Marketplace.Payouts.Events;
using Decision = Marketplace.Grains.Common.Decision<Marketplace.Grains.Payouts.Runs.PayoutEvent>;

namespace Marketplace.Grains.Payouts.Runs;

/// <summary>
/// One payout as plain code: opened → the balance reserved in the ledger → sent to the processor until it answers
/// (back-off between unanswered tries, the same idempotency key each time) → paid, or refused and given back.
/// </summary>
public static class PayoutCore
{
    public static Decision Decide(PayoutState state, PayoutCommand command, DateTimeOffset now, PayoutsOptions options) => command switch
    {
        OpenPayout open when state.IsOpen => state.RunId == open.RunId && state.SellerId == open.SellerId
            ? Decision.None
            : throw new ConflictException($"Payout {open.PayoutId} belongs to another run or seller."),
        OpenPayout open => new Decision([new PayoutOpened(now, open.PayoutId, open.RunId, open.SellerId)], [], [new ReserveFundsEffect()]),
        _ when !state.IsOpen => throw new NotFoundException("The payout does not exist."),
        FundsReserved reserved when state.Status == PayoutStatus.Reserving => reserved.AmountMinor > 0
            ? new Decision([new PayoutMoved(now, PayoutStatus.Sending, reserved.AmountMinor, null, null)],
                [new PayoutRequested(state.PayoutId, state.RunId, state.SellerId, reserved.AmountMinor, state.Currency)], [new SendPayoutEffect()])
            : Decision.Of(new PayoutMoved(now, PayoutStatus.Skipped, 0, reserved.Reason ?? "nothing available", null)),
        ProcessorAnswered answered when state.Status == PayoutStatus.Sending => answered.Answer.Outcome switch
        {
            PayoutOutcome.Paid => new Decision([new PayoutMoved(now, PayoutStatus.Paid, state.AmountMinor, null, answered.Answer.ProcessorPayoutId)],
                [new PayoutIssued(state.PayoutId, state.RunId, state.SellerId, state.AmountMinor, state.Currency, answered.Answer.ProcessorPayoutId ?? "")],
                [new PostPayoutOutcomeEffect()]),
            PayoutOutcome.Refused => new Decision([new PayoutMoved(now, PayoutStatus.Failed, state.AmountMinor, answered.Answer.Code, answered.Answer.ProcessorPayoutId)],
                [new PayoutFailed(state.PayoutId, state.RunId, state.SellerId, state.AmountMinor, state.Currency, answered.Answer.Code ?? "refused")],
                [new PostPayoutOutcomeEffect()]),
            _ => Unanswered(state, answered.Answer.Code ?? "unanswered", now, options),
        },
        SendNow when state.Status == PayoutStatus.Sending => Decision.Of(new PayoutRescheduled(now)),
        _ => Decision.None,
    };

    public static PayoutState Apply(PayoutState state, PayoutEvent change)
    {
        switch (change)
        {
            case PayoutOpened opened:
                (state.PayoutId, state.RunId, state.SellerId, state.CreatedAt) = (opened.PayoutId, opened.RunId, opened.SellerId, opened.At);
                state.Status = PayoutStatus.Reserving;
                state.History.Add(new StatusChange(nameof(PayoutStatus.Reserving), opened.At, null));
                break;
            case PayoutMoved moved:
                (state.Status, state.AmountMinor) = (moved.Status, moved.AmountMinor);
                state.ProcessorPayoutId = moved.ProcessorPayoutId ?? state.ProcessorPayoutId;
                state.NextAttemptAt = null;
                state.History.Add(new StatusChange(moved.Status.ToString(), moved.At, moved.Note));
                break;
            case PayoutAttempted attempted:
                state.Attempts++;
                (state.LastError, state.NextAttemptAt) = (attempted.Error, attempted.NextAttemptAt);
                break;
            case PayoutRescheduled rescheduled:
                state.NextAttemptAt = rescheduled.At;
                break;
        }
        state.Version++;
        return state;
    }

    private static Decision Unanswered(PayoutState state, string error, DateTimeOffset now, PayoutsOptions options)
    {
        var next = now + options.RetryDelay(state.Attempts + 1);
        return new Decision([new PayoutAttempted(now, error, next)], [new PayoutAttemptFailed(state.PayoutId, state.SellerId, state.Attempts + 1, error, next)], []);
    }
}
