using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Payments;
using Marketplace.Grains.Payments.Storage;
using Marketplace.Payments;
using Marketplace.Payments.Events;

namespace Marketplace.Core.Tests.Payments;

/// <summary>The payment ledger on the pure core: authorisation outcomes, the retry back-off and its budget, money movements and their limits.</summary>
public sealed class PaymentLedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly PaymentsOptions Options = new() { FirstRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromSeconds(15), MaxAuthoriseAttempts = 4 };
    private static readonly PaymentLedger Ledger = new(Options);
    private static readonly Guid PaymentId = Guid.NewGuid();
    private static readonly AuthorisePayment Request = new(Guid.NewGuid(), Guid.NewGuid(), 50000, "RUB", "pm_card_visa");

    private sealed class Payment
    {
        public PaymentRecord? Record;

        public Decision<PaymentEvent> Run(PaymentCommand command, DateTimeOffset? at = null)
        {
            var decision = Ledger.Decide(Record, command, at ?? Now);
            foreach (var change in decision.Events)
            {
                Record = PaymentLedger.Apply(Record, change);
            }
            return decision;
        }

        public PaymentRecord State => Record!;
    }

    private static Payment Created()
    {
        var payment = new Payment();
        payment.Run(new CreatePayment(PaymentId, Request));
        return payment;
    }

    private static Payment Authorised()
    {
        var payment = Created();
        payment.Run(new ProcessorAnswered(PaymentId, new GatewayResult(GatewayOutcome.Succeeded, "auth_1")));
        return payment;
    }

    [Fact]
    public void Creating_records_a_pending_authorisation_and_owes_its_processor_call()
    {
        var payment = new Payment();
        var decision = payment.Run(new CreatePayment(PaymentId, Request));

        Assert.Equal(new CallProcessorEffect(PaymentId), Assert.Single(decision.Effects));
        var operation = Assert.Single(payment.State.Operations);
        Assert.Equal((PaymentOperationKind.Authorise, PaymentOperationStatus.Pending, 50000L), (operation.Kind, operation.Status, operation.AmountMinor));
        Assert.Equal(PaymentStatus.Pending, payment.State.Status);
        Assert.True(payment.Run(new CreatePayment(PaymentId, Request)).IsEmpty);
        Assert.Throws<ConflictException>(() => payment.Run(new CreatePayment(PaymentId, Request with { AmountMinor = 1 })));
        Assert.Throws<ValidationException>(() => new Payment().Run(new CreatePayment(PaymentId, Request with { AmountMinor = 0 })));
        Assert.Throws<ValidationException>(() => new Payment().Run(new CreatePayment(PaymentId, Request with { PaymentMethod = "" })));
    }

    [Fact]
    public void An_approval_authorises_publishes_and_tells_the_order_and_a_late_repeat_changes_nothing()
    {
        var payment = Created();

        var decision = payment.Run(new ProcessorAnswered(PaymentId, new GatewayResult(GatewayOutcome.Succeeded, "auth_1")));

        Assert.IsType<PaymentAuthorised>(Assert.Single(decision.Published));
        Assert.IsType<NotifyPaymentOwnerEffect>(Assert.Single(decision.Effects));
        Assert.Equal((PaymentStatus.Authorised, "auth_1"), (payment.State.Status, payment.State.GatewayAuthorizationId));
        Assert.Equal(1, payment.State.Operations[0].Attempts);
        Assert.True(payment.Run(new ProcessorAnswered(PaymentId, new GatewayResult(GatewayOutcome.Rejected, Code: "card_declined"))).IsEmpty);
    }

    [Fact]
    public void A_decline_is_final_and_keeps_the_processors_code()
    {
        var payment = Created();

        var decision = payment.Run(new ProcessorAnswered(PaymentId, new GatewayResult(GatewayOutcome.Rejected, Code: "insufficient_funds")));

        Assert.Equal("insufficient_funds", Assert.IsType<PaymentDeclined>(Assert.Single(decision.Published)).DeclineCode);
        Assert.Equal((PaymentStatus.Declined, "insufficient_funds"), (payment.State.Status, payment.State.DeclineCode));
        Assert.Equal(PaymentOperationStatus.Rejected, payment.State.Operations[0].Status);
    }

    [Fact]
    public void An_unanswered_authorisation_backs_off_doubling_to_the_cap_and_fails_when_its_attempts_run_out()
    {
        var payment = Created();
        var unavailable = new ProcessorAnswered(PaymentId, new GatewayResult(GatewayOutcome.Unavailable, Code: "timeout"));
        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt < Options.MaxAuthoriseAttempts; attempt++)
        {
            var decision = payment.Run(unavailable);
            Assert.Empty(decision.Published);
            Assert.Empty(decision.Effects);
            waits.Add(payment.State.Operations[0].NextAttemptAt!.Value - Now);
        }
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15)], waits);
        Assert.Equal(PaymentStatus.Pending, payment.State.Status);

        var last = payment.Run(unavailable);

        Assert.Equal("The payment processor was unreachable after 4 attempts.", Assert.IsType<PaymentFailed>(Assert.Single(last.Published)).Reason);
        Assert.IsType<NotifyPaymentOwnerEffect>(Assert.Single(last.Effects));
        Assert.Equal((PaymentStatus.Failed, 4), (payment.State.Status, payment.State.Operations[0].Attempts));
    }

    [Fact]
    public void A_capture_owed_through_an_outage_keeps_trying_past_the_authorisation_budget()
    {
        var payment = Authorised();
        var captureId = Guid.NewGuid();
        Assert.Equal(new CallProcessorEffect(captureId), Assert.Single(payment.Run(new RequestOperation(captureId, PaymentOperationKind.Capture, 30000)).Effects));

        for (var attempt = 0; attempt < 10; attempt++)
        {
            payment.Run(new ProcessorAnswered(captureId, new GatewayResult(GatewayOutcome.Unavailable)));
        }
        var capture = payment.State.Operation(captureId);
        Assert.Equal((PaymentOperationStatus.Pending, 10), (capture.Status, capture.Attempts));
        Assert.Equal(Now + Options.MaxRetryDelay, capture.NextAttemptAt);

        var captured = payment.Run(new ProcessorAnswered(captureId, new GatewayResult(GatewayOutcome.Succeeded)));
        Assert.Equal(30000L, Assert.IsType<PaymentCaptured>(Assert.Single(captured.Published)).AmountMinor);
        Assert.Empty(captured.Effects);
        Assert.Equal(30000L, payment.State.ToView().CapturedMinor);
    }

    [Fact]
    public void Money_moves_only_within_what_is_held_or_captured_and_an_operation_id_means_one_operation()
    {
        var pending = Created();
        Assert.Throws<ConflictException>(() => pending.Run(new RequestOperation(Guid.NewGuid(), PaymentOperationKind.Capture, 100)));

        var payment = Authorised();
        var captureId = Guid.NewGuid();
        payment.Run(new RequestOperation(captureId, PaymentOperationKind.Capture, 30000));
        Assert.True(payment.Run(new RequestOperation(captureId, PaymentOperationKind.Capture, 30000)).IsEmpty);
        Assert.Throws<ConflictException>(() => payment.Run(new RequestOperation(captureId, PaymentOperationKind.Capture, 1)));
        // 20000 are still held: a release of more is refused, and a refund needs a captured amount.
        Assert.Throws<ValidationException>(() => payment.Run(new RequestOperation(Guid.NewGuid(), PaymentOperationKind.Release, 20001)));
        Assert.Throws<ValidationException>(() => payment.Run(new RequestOperation(Guid.NewGuid(), PaymentOperationKind.Refund, 1)));

        payment.Run(new ProcessorAnswered(captureId, new GatewayResult(GatewayOutcome.Succeeded)));
        payment.Run(new RequestOperation(Guid.NewGuid(), PaymentOperationKind.Refund, 10000));
        Assert.Throws<ValidationException>(() => payment.Run(new RequestOperation(Guid.NewGuid(), PaymentOperationKind.Refund, 20001)));
    }

    [Fact]
    public void Abandoning_a_pending_payment_ends_its_retries_and_an_answer_arriving_after_changes_nothing()
    {
        var payment = Created();
        payment.Run(new ProcessorAnswered(PaymentId, new GatewayResult(GatewayOutcome.Unavailable)));

        var abandoned = payment.Run(new AbandonPayment("the order did not go through"));

        Assert.Empty(abandoned.Effects);
        Assert.Equal((PaymentStatus.Abandoned, "the order did not go through"), (payment.State.Status, payment.State.FailureReason));
        Assert.Equal((PaymentOperationStatus.Rejected, "abandoned", 1), (payment.State.Operations[0].Status, payment.State.Operations[0].Error, payment.State.Operations[0].Attempts));
        Assert.True(payment.Run(new ProcessorAnswered(PaymentId, new GatewayResult(GatewayOutcome.Succeeded, "auth_late"))).IsEmpty);
        Assert.True(payment.Run(new AbandonPayment("again")).IsEmpty);
    }

    [Fact]
    public void Abandoning_an_authorised_payment_releases_what_is_held_once()
    {
        var payment = Authorised();

        var release = payment.Run(new AbandonPayment("cancelled"));

        var call = Assert.IsType<CallProcessorEffect>(Assert.Single(release.Effects));
        var operation = payment.State.Operation(call.OperationId);
        Assert.Equal((PaymentOperationKind.Release, 50000L), (operation.Kind, operation.AmountMinor));
        Assert.Equal(DeterministicGuid.Create(PaymentId, "abandon"), operation.OperationId);
        Assert.True(payment.Run(new AbandonPayment("cancelled")).IsEmpty);
        Assert.Equal(0L, PaymentLedger.Held(payment.State));
    }

    [Fact]
    public void A_refused_capture_is_recorded_without_changing_the_payment()
    {
        var payment = Authorised();
        var captureId = Guid.NewGuid();
        payment.Run(new RequestOperation(captureId, PaymentOperationKind.Capture, 50000));

        var refused = payment.Run(new ProcessorAnswered(captureId, new GatewayResult(GatewayOutcome.Rejected, Code: "expired")));

        Assert.Empty(refused.Published);
        Assert.Equal(PaymentStatus.Authorised, payment.State.Status);
        Assert.Equal((PaymentOperationStatus.Rejected, "expired"), (payment.State.Operation(captureId).Status, payment.State.Operation(captureId).Error));
        Assert.Throws<NotFoundException>(() => Ledger.Decide(null, new AbandonPayment("none"), Now));
    }
}
