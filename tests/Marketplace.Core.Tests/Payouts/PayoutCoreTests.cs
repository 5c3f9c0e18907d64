using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Payouts;
using Marketplace.Grains.Payouts.Processing;
using Marketplace.Grains.Payouts.Runs;
using Marketplace.Payouts;
using Marketplace.Payouts.Events;

namespace Marketplace.Core.Tests.Payouts;

/// <summary>A payout's steps without a cluster: reserve, send with back-off until answered, paid or refused, a repeat deciding nothing.</summary>
public sealed class PayoutCoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PayoutsOptions Options = new() { FirstRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromSeconds(30) };
    private static readonly Guid PayoutId = Guid.NewGuid(), RunId = Guid.NewGuid(), SellerId = Guid.NewGuid();

    private static Decision<PayoutEvent> Run(PayoutState state, PayoutCommand command, DateTimeOffset? at = null)
    {
        var decision = PayoutCore.Decide(state, command, at ?? Now, Options);
        foreach (var change in decision.Events)
        {
            PayoutCore.Apply(state, change);
        }
        return decision;
    }

    private static PayoutState Sending()
    {
        var state = new PayoutState();
        Assert.IsType<ReserveFundsEffect>(Assert.Single(Run(state, new OpenPayout(PayoutId, RunId, SellerId)).Effects));
        var reserved = Run(state, new FundsReserved(90_000, null));
        Assert.IsType<SendPayoutEffect>(Assert.Single(reserved.Effects));
        Assert.Equal(new PayoutRequested(PayoutId, RunId, SellerId, 90_000, "RUB"), Assert.Single(reserved.Published));
        return state;
    }

    [Fact]
    public void An_unanswered_payout_waits_longer_after_each_try_and_is_paid_once_answered_and_a_late_answer_changes_nothing()
    {
        var state = Sending();

        var nexts = Enumerable.Range(0, 5).Select(i =>
        {
            var failed = Assert.IsType<PayoutAttemptFailed>(Assert.Single(Run(state, new ProcessorAnswered(new PayoutAnswer(PayoutOutcome.Unanswered, Code: "http_503"))).Published));
            return failed.NextAttemptAt - Now;
        }).ToList();

        Assert.Equal([5, 10, 20, 30, 30], nexts.Select(d => d.TotalSeconds));
        Assert.Equal(5, state.Attempts);
        Assert.Equal(PayoutStatus.Sending, state.Status);
        var paid = Run(state, new ProcessorAnswered(new PayoutAnswer(PayoutOutcome.Paid, "po_1")));
        Assert.Equal(new PayoutIssued(PayoutId, RunId, SellerId, 90_000, "RUB", "po_1"), Assert.Single(paid.Published));
        Assert.IsType<PostPayoutOutcomeEffect>(Assert.Single(paid.Effects));
        Assert.Null(state.NextAttemptAt);
        Assert.True(Run(state, new ProcessorAnswered(new PayoutAnswer(PayoutOutcome.Refused, "po_2", "account_closed"))).IsEmpty);
        Assert.True(Run(state, new SendNow()).IsEmpty);
        Assert.Equal(["Reserving", "Sending", "Paid"], state.History.Select(h => h.Status));
    }

    [Fact]
    public void A_refused_payout_fails_and_owes_the_reversal_and_nothing_available_skips_without_sending()
    {
        var state = Sending();
        var refused = Run(state, new ProcessorAnswered(new PayoutAnswer(PayoutOutcome.Refused, "po_1", "account_closed")));
        Assert.Equal(new PayoutFailed(PayoutId, RunId, SellerId, 90_000, "RUB", "account_closed"), Assert.Single(refused.Published));
        Assert.IsType<PostPayoutOutcomeEffect>(Assert.Single(refused.Effects));

        var empty = new PayoutState();
        Run(empty, new OpenPayout(PayoutId, RunId, SellerId));
        var skipped = Run(empty, new FundsReserved(0, "nothing available"));
        Assert.Empty(skipped.Effects);
        Assert.Empty(skipped.Published);
        Assert.Equal(PayoutStatus.Skipped, empty.Status);
    }

    [Fact]
    public void Reconciliation_sends_a_waiting_payout_at_once_and_the_same_open_repeats_while_another_run_conflicts()
    {
        var state = Sending();
        Run(state, new ProcessorAnswered(new PayoutAnswer(PayoutOutcome.Unanswered, Code: "http_503")));
        Assert.Equal(Now.AddSeconds(5), state.NextAttemptAt);

        Run(state, new SendNow(), Now.AddSeconds(1));
        Assert.Equal(Now.AddSeconds(1), state.NextAttemptAt);
        Assert.True(PayoutCore.Decide(state, new OpenPayout(PayoutId, RunId, SellerId), Now, Options).IsEmpty);
        Assert.Throws<ConflictException>(() => PayoutCore.Decide(state, new OpenPayout(PayoutId, Guid.NewGuid(), SellerId), Now, Options));
        Assert.Throws<NotFoundException>(() => PayoutCore.Decide(new PayoutState(), new SendNow(), Now, Options));
    }
}
