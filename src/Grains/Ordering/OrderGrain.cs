using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Ordering;
using Marketplace.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Ordering;

/// <summary>
/// The shell of an order: its checkout saga is <see cref="CheckoutSaga"/>; this grain stores what the saga decides
/// (state, events and the next step's effect in one write, <see cref="AggregateGrain"/>) and carries out the effects.
/// Every call an effect makes is idempotent per order, so the outbox may repeat it after a crash; its one reminder
/// retries a failed step with back-off and wakes an order waiting on its payment at the payment deadline.
/// </summary>
public sealed class OrderGrain(
    [PersistentState("order", StorageNames.Orders)] IPersistentState<OrderState> state,
    IOptions<OrderingOptions> options,
    OutboxRuntime outbox,
    OrderingMetrics metrics,
    ILogger<OrderGrain> logger) : AggregateGrain(outbox), IOrderGrain
{
    private readonly CheckoutSaga _saga = new(options.Value);
    private CheckoutCalls _calls = null!;

    private OrderState State => state.State;
    private Guid OrderId => this.GetPrimaryKey();

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _calls = new CheckoutCalls(GrainFactory, OrderId, logger);
        if (State.IsPlaced && State.OrderId == Guid.Empty)
        {
            // Stored before the state named its order.
            State.OrderId = OrderId;
        }
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<OrderView> Place(PlaceOrder command)
    {
        var priced = State.IsPlaced ? new PricedOrder([], new HashSet<string>(), null) : await Priced(command);
        await Run(new PlaceCheckout(OrderId, command, priced.Lines, priced.Currencies, priced.Promo));
        return await View();
    }

    public Task<OrderView> Get() => State.IsPlaced ? View() : throw NotFound();

    public Task<OrderView> GetFor(Guid shopperId) => State.IsPlaced && State.ShopperId == shopperId ? View() : throw NotFound();

    public async Task<OrderView> Cancel(Guid shopperId, string? reason)
    {
        if (!State.IsPlaced || State.ShopperId != shopperId)
        {
            throw NotFound();
        }
        var parcelLeft = State is { Step: CheckoutStep.Done, Status: OrderStatus.Paid } && await _calls.AnyParcelLeftItsSeller(State);
        await Run(new CancelCheckout(shopperId, reason, parcelLeft));
        return await View();
    }

    public Task OnPaymentSettled(PaymentView payment) => State.IsPlaced ? Run(new PaymentAnswered(payment)) : Task.CompletedTask;

    /// <summary>An order stored while the saga kept a reminder of its own: its reminder goes, its step's effect is owed.</summary>
    protected override async Task OnReminder(string reminderName, TickStatus status)
    {
        await this.StopReminder(reminderName);
        if (State.IsPlaced && CheckoutSaga.EffectOf(State.Step) is { } owed && !Outbox.Pending.OfType<OutboxEffect>().Any())
        {
            Enqueue(owed);
            await Commit();
        }
    }

    /// <summary>Decides, applies and stores one command; the metrics follow what was stored.</summary>
    private async Task Run(CheckoutCommand command)
    {
        var decision = _saga.Decide(State, command, Clock.GetUtcNow());
        if (decision.IsEmpty)
        {
            return;
        }
        foreach (var change in decision.Events)
        {
            CheckoutSaga.Apply(State, change);
        }
        foreach (var published in decision.Published)
        {
            Raise(StreamNames.Orders, OrderId.ToString(), published);
        }
        foreach (var effect in decision.Effects)
        {
            Enqueue(effect);
        }
        // A step the saga redoes from the stored one after a crash is written with the next (CheckoutSaga.Redoable).
        await (decision.Published.Count == 0 && decision.Events.All(CheckoutSaga.Redoable) ? CommitLater() : Commit());
        foreach (var change in decision.Events)
        {
            Count(change);
        }
    }

    /// <summary>Carries out the current step's effect and reports back to the saga; an effect for a step the saga has left is done.</summary>
    protected override async Task Perform(IAggregateEffect effect)
    {
        var step = State.Step;
        var started = Clock.GetTimestamp();
        if (effect is ReservePromoCodeEffect or ReserveStockEffect or AuthorisePaymentEffect)
        {
            // The deadline first: a step retried past it ends the saga rather than trying once more.
            await Run(new PaymentDeadlineChecked());
        }
        var report = (effect, State.Step) switch
        {
            (ReservePromoCodeEffect, CheckoutStep.RedeemingCode) => _calls.ReserveCode(State),
            (ReserveStockEffect, CheckoutStep.Reserving) => _calls.ReserveStock(State),
            (AuthorisePaymentEffect, CheckoutStep.Authorising) => _calls.Authorise(State),
            (ConfirmOrderEffect, CheckoutStep.Confirming) => _calls.Confirm(State),
            (CompensateOrderEffect, CheckoutStep.Compensating) => _calls.Compensate(State),
            (CancelSellerOrdersEffect, CheckoutStep.CancellingSellerOrders) => _calls.CancelSellerOrders(State),
            _ => null,
        };
        if (report is null)
        {
            return;
        }
        await Run(await report);
        metrics.StepRan(step, Clock.GetElapsedTime(started));
        if (effect is AuthorisePaymentEffect && State.Step == CheckoutStep.Authorising)
        {
            // Still pending: the payment tells us when it settles; until then ask again now and then, and fail at the deadline.
            var check = Clock.GetUtcNow() + options.Value.PaymentCheckInterval;
            throw new EffectNotDueException(check < State.PaymentDeadline ? check : State.PaymentDeadline);
        }
    }

    private async Task<PricedOrder> Priced(PlaceOrder command)
    {
        CheckoutSaga.Validate(command);
        return await new OrderPricing(GrainFactory).Price(command);
    }

    private void Count(CheckoutEvent change)
    {
        switch (change)
        {
            case CheckoutPlaced:
                metrics.Placed();
                break;
            case CompensationBegun { Failure: { } failure }:
                metrics.Failed(failure);
                break;
            case CompensationBegun or PaidOrderCancellationBegun:
                metrics.Cancelled();
                break;
            case CheckoutPaid:
                metrics.Paid(State.Total, State.Currency);
                break;
        }
    }

    private async Task<OrderView> View() => new(OrderId, State.ShopperId, State.Status, State.FailureReason, State.Lines, State.Total, State.Currency,
        State.PaymentId, await _calls.SellerOrders(State), State.History, State.PlacedAt, State.Address!, State.Failure,
        PriceBreakdown.Of(State.Lines), State.PromoCode);

    private NotFoundException NotFound() => new($"Order {OrderId} does not exist.");
}
