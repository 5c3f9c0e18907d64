using Marketplace.Cart;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Marketplace.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Ordering;

/// <summary>
/// The order and its checkout saga. Every transition is written to the order's state before the saga acts on it,
/// and every call it makes (reserve, commit, release, authorise, open sub-order) is idempotent per order, so after a
/// crash the saga simply runs its current step again. A reminder, registered before the order is first stored and
/// removed when the saga ends, wakes the order after a crash and enforces the payment timeout. Its events leave
/// through the outbox of <see cref="AggregateGrain"/>, written with the transition that raised them.
/// </summary>
public sealed class OrderGrain(
    [PersistentState("order", StorageNames.Orders)] IPersistentState<OrderState> state,
    IOptions<OrderingOptions> options,
    OutboxRuntime outbox,
    OrderingMetrics metrics,
    ILogger<OrderGrain> logger) : AggregateGrain(outbox), IOrderGrain
{
    private const string SagaReminder = "checkout-saga";
    private const int MaxCancelReason = 500;
    private readonly OrderingOptions _options = options.Value;

    private OrderState State => state.State;
    private Guid OrderId => this.GetPrimaryKey();

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public async Task<OrderView> Place(PlaceOrder command)
    {
        if (State.IsPlaced)
        {
            if (State.ShopperId != command.ShopperId || State.RequestHash != command.RequestHash)
            {
                throw new ConflictException("This idempotency key was already used for a different checkout request.");
            }
            await Advance();
            return await View();
        }

        var (lines, currency) = await PriceLines(command);
        var now = Clock.GetUtcNow();
        // The wake-up exists before the order does: a crash right after the write below cannot leave a saga nobody resumes.
        await this.RegisterOrUpdateReminder(SagaReminder, _options.ReminderPeriod, _options.ReminderPeriod);
        State.ShopperId = command.ShopperId;
        State.RequestHash = command.RequestHash;
        State.Lines = lines;
        State.Address = command.Address;
        State.PaymentMethod = command.PaymentMethod;
        State.CartKey = command.CartKey;
        State.Currency = currency;
        State.PlacedAt = now;
        State.PaymentDeadline = now + _options.PaymentTimeout;
        State.PaymentId = OrderIds.Payment(OrderId);
        State.Step = CheckoutStep.Reserving;
        Record(OrderStatus.Placed, null);
        Raise(StreamNames.Orders, OrderId.ToString(), new OrderPlaced(OrderId, State.ShopperId, State.Total, State.Currency, lines.Sum(l => l.Quantity)));
        await Commit();
        metrics.Placed();

        await Advance();
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
        reason = TextRules.Optional(reason, "reason", MaxCancelReason, multiline: true) ?? "cancelled by the shopper";
        switch (State.Step)
        {
            case CheckoutStep.Reserving or CheckoutStep.Authorising:
                await BeginCompensation(OrderStatus.Cancelled, reason);
                metrics.Cancelled();
                break;
            case CheckoutStep.Done when State.Status == OrderStatus.Paid:
                if (await AnyParcelLeftItsSeller())
                {
                    throw new ConflictException("Part of the order has already left the seller; it can no longer be cancelled.");
                }
                await this.RegisterOrUpdateReminder(SagaReminder, _options.ReminderPeriod, _options.ReminderPeriod);
                State.Step = CheckoutStep.CancellingSellerOrders;
                State.Outcome = OrderStatus.Cancelled;
                State.FailureReason = reason;
                await Commit();
                metrics.Cancelled();
                break;
            case CheckoutStep.Confirming:
                throw new ConflictException("The order is being confirmed; try again in a moment.");
        }
        await Advance();
        return await View();
    }

    public async Task OnPaymentSettled(PaymentView payment)
    {
        if (State.IsPlaced && State.Step == CheckoutStep.Authorising && payment.PaymentId == State.PaymentId)
        {
            await Advance();
        }
    }

    protected override async Task OnReminder(string reminderName, TickStatus status)
    {
        if (!State.IsPlaced || State.Step == CheckoutStep.Done)
        {
            await StopReminder(SagaReminder);
            return;
        }
        if (State.Step is CheckoutStep.Reserving or CheckoutStep.Authorising && Clock.GetUtcNow() >= State.PaymentDeadline)
        {
            await Fail(CheckoutFailure.PaymentTimeout, $"The payment was not authorised within {Describe(_options.PaymentTimeout)}.");
        }
        await Advance();
    }

    /// <summary>
    /// Runs the saga from its stored step until it ends or has to wait for the payment. A failure that is not the
    /// domain's answer (a silo or store hiccup) leaves the step as it is: the reminder runs it again.
    /// </summary>
    private async Task Advance()
    {
        try
        {
            bool movedOn;
            do
            {
                var step = State.Step;
                var started = Clock.GetTimestamp();
                movedOn = await RunStep();
                metrics.StepRan(step, Clock.GetElapsedTime(started));
            }
            while (movedOn);
        }
        catch (Exception e) when (e is not DomainException)
        {
            logger.LogWarning(e, "Checkout of order {Order} paused at {Step}; the reminder resumes it", OrderId, State.Step);
        }
    }

    /// <summary>Runs the current step; true when the saga moved on and the next step can run at once.</summary>
    private async Task<bool> RunStep()
    {
        switch (State.Step)
        {
            case CheckoutStep.Reserving:
                foreach (var line in State.Lines)
                {
                    try
                    {
                        await Inventory(line).Reserve(OrderId, line.Quantity);
                    }
                    catch (ConflictException e)
                    {
                        await Fail(CheckoutFailure.OutOfStock, $"Out of stock: {line.Title} ({line.Sku}). {e.Message}");
                        return true;
                    }
                }
                State.Step = CheckoutStep.Authorising;
                Record(OrderStatus.AwaitingPayment, null);
                await Commit();
                return true;

            case CheckoutStep.Authorising:
                var payment = await Payment().Authorise(new AuthorisePayment(OrderId, State.ShopperId, Money.ToMinor(State.Total), State.Currency, State.PaymentMethod));
                switch (payment.Status)
                {
                    case PaymentStatus.Authorised:
                        State.Step = CheckoutStep.Confirming;
                        State.SellerOrderIds = State.Lines.Select(l => l.SellerId).Distinct().Select(s => OrderIds.SellerOrder(OrderId, s)).ToList();
                        await Commit();
                        return true;
                    case PaymentStatus.Declined:
                        await Fail(CheckoutFailure.PaymentDeclined, $"The payment was declined: {payment.DeclineCode}.");
                        return true;
                    case PaymentStatus.Failed or PaymentStatus.Abandoned:
                        await Fail(CheckoutFailure.PaymentFailed, payment.FailureReason ?? "The payment could not be made.");
                        return true;
                    default:
                        return false;
                }

            case CheckoutStep.Confirming:
                foreach (var line in State.Lines)
                {
                    await Inventory(line).Commit(OrderId);
                }
                foreach (var group in State.Lines.GroupBy(l => l.SellerId))
                {
                    await GrainFactory.GetGrain<ISellerOrderGrain>(OrderIds.SellerOrder(OrderId, group.Key)).Open(new OpenSellerOrder(
                        OrderId, group.Key, State.ShopperId, State.PaymentId!.Value, group.ToList(), State.Currency, State.Address!, State.PlacedAt));
                }
                if (State.CartKey is not null)
                {
                    // Emptied only once paid: after a decline the shopper still has the cart to pay with another card.
                    await GrainFactory.GetGrain<ICartGrain>(State.CartKey).Clear();
                }
                State.Step = CheckoutStep.Done;
                Record(OrderStatus.Paid, null);
                Raise(StreamNames.Orders, OrderId.ToString(),
                    new OrderPaid(OrderId, State.ShopperId, State.PaymentId!.Value, State.Total, State.Currency, State.SellerOrderIds));
                await Commit();
                metrics.Paid(State.Total, State.Currency);
                await StopReminder(SagaReminder);
                return false;

            case CheckoutStep.Compensating:
                foreach (var line in State.Lines)
                {
                    await Inventory(line).Release(OrderId);
                }
                try
                {
                    await Payment().Abandon(State.FailureReason ?? "the order did not go through");
                }
                catch (NotFoundException)
                {
                    // The payment was never created: nothing is held.
                }
                await End();
                return false;

            case CheckoutStep.CancellingSellerOrders:
                foreach (var sellerOrderId in State.SellerOrderIds)
                {
                    try
                    {
                        await GrainFactory.GetGrain<ISellerOrderGrain>(sellerOrderId).Cancel(State.FailureReason ?? "cancelled");
                    }
                    catch (ConflictException e)
                    {
                        // Handed over between the check and the cancel: that parcel goes on and is paid on delivery.
                        logger.LogWarning("Sub-order {SellerOrder} of cancelled order {Order} could not be cancelled: {Reason}", sellerOrderId, OrderId, e.Message);
                    }
                }
                await End();
                return false;

            default:
                return false;
        }
    }

    private async Task Fail(CheckoutFailure failure, string reason)
    {
        await BeginCompensation(OrderStatus.Failed, reason);
        metrics.Failed(failure);
    }

    private async Task BeginCompensation(OrderStatus outcome, string reason)
    {
        State.Step = CheckoutStep.Compensating;
        State.Outcome = outcome;
        State.FailureReason = reason;
        await Commit();
    }

    private async Task End()
    {
        State.Step = CheckoutStep.Done;
        Record(State.Outcome, State.FailureReason);
        var reason = State.FailureReason ?? "";
        Raise(StreamNames.Orders, OrderId.ToString(), State.Outcome == OrderStatus.Cancelled
            ? new OrderCancelled(OrderId, State.ShopperId, reason)
            : new OrderFailed(OrderId, State.ShopperId, reason));
        await Commit();
        await StopReminder(SagaReminder);
    }

    private void Record(OrderStatus status, string? note)
    {
        State.Status = status;
        State.History.Add(new StatusChange(status.ToString(), Clock.GetUtcNow(), note));
    }

    private async Task<(List<OrderLine> Lines, string Currency)> PriceLines(PlaceOrder command)
    {
        if (command.ShopperId == Guid.Empty)
        {
            throw new ValidationException("shopperId", "The shopper is required.");
        }
        if (string.IsNullOrWhiteSpace(command.PaymentMethod) || command.PaymentMethod.Length > 100 || TextRules.Error(command.PaymentMethod) is not null)
        {
            throw new ValidationException("paymentMethod", "A payment method (the processor's card token) of 1 to 100 characters is required.");
        }
        // The shipment's own rule, before anything is reserved or paid: an order it would refuse is never placed.
        DeliveryAddressRules.Validate(command.Address);
        var (lines, currencies) = command.CartKey is null ? await PriceRequestedLines(command.Lines) : await CartLines(command.CartKey);
        Money.RequirePayable(lines);
        if (lines.Count > _options.MaxLines)
        {
            throw new ValidationException("items", $"An order has at most {_options.MaxLines} lines.");
        }
        if (currencies.Count != 1)
        {
            throw new ValidationException("items", "Every item of one order must be priced in the same currency.");
        }
        return (lines, currencies.Single());
    }

    private async Task<(List<OrderLine>, HashSet<string>)> CartLines(string cartKey)
    {
        var cart = await GrainFactory.GetGrain<ICartGrain>(cartKey).GetForCheckout();
        if (cart.HasIssues)
        {
            throw new ConflictException("Some items in the cart changed price or ran out of stock; review the cart before checking out.");
        }
        var lines = cart.Sellers.SelectMany(s => s.Lines)
            .Select(l => new OrderLine(l.ProductId, l.Sku, l.SellerId, l.Title, l.UnitPrice, l.Quantity)).ToList();
        return (lines, [.. cart.Sellers.SelectMany(s => s.Lines).Select(l => l.Currency)]);
    }

    private async Task<(List<OrderLine>, HashSet<string>)> PriceRequestedLines(IReadOnlyList<OrderLineRequest> requested)
    {
        if (requested is not { Count: > 0 })
        {
            throw new ValidationException("items", "The order has no items.");
        }
        if (requested.Any(l => l.Quantity <= 0))
        {
            throw new ValidationException("items", "Every quantity must be positive.");
        }
        var merged = requested.GroupBy(l => (l.ProductId, l.Sku)).Select(g => (g.Key.ProductId, g.Key.Sku, Quantity: g.Sum(l => (long)l.Quantity))).ToList();
        if (merged.Any(l => l.Quantity > Amounts.MaxQuantityPerLine))
        {
            throw new ValidationException("items", $"At most {Amounts.MaxQuantityPerLine} units of one item in one order.");
        }
        var variants = await Task.WhenAll(merged.Select(l => GrainFactory.GetGrain<IProductGrain>(l.ProductId).GetVariant(l.Sku)));
        var lines = new List<OrderLine>();
        var currencies = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < merged.Count; i++)
        {
            var variant = variants[i];
            if (variant is null || !variant.Purchasable)
            {
                throw new ConflictException($"Product {merged[i].ProductId} sku {merged[i].Sku} is not for sale.");
            }
            currencies.Add(variant.Currency);
            lines.Add(new OrderLine(variant.ProductId, variant.Sku, variant.SellerId, variant.Title, variant.Price, (int)merged[i].Quantity));
        }
        return (lines, currencies);
    }

    private async Task<OrderView> View()
    {
        var sellerOrders = await SellerOrders();
        return new OrderView(OrderId, State.ShopperId, State.Status, State.FailureReason, State.Lines, State.Total, State.Currency,
            State.PaymentId, sellerOrders, State.History, State.PlacedAt, State.Address!);
    }

    // Sub-orders exist once the confirming step is over; a paid order being cancelled still has them.
    private async Task<IReadOnlyList<SellerOrderView>> SellerOrders() =>
        State.Step is CheckoutStep.Done or CheckoutStep.CancellingSellerOrders && State.SellerOrderIds.Count > 0
            ? await Task.WhenAll(State.SellerOrderIds.Select(id => GrainFactory.GetGrain<ISellerOrderGrain>(id).Get()))
            : [];

    /// <summary>
    /// Asks the shipments as well as the sub-orders: a sub-order learns of its hand-over by a callback that may still
    /// be on its way (the carrier registration pending, say), while the shipment already knows.
    /// </summary>
    private async Task<bool> AnyParcelLeftItsSeller()
    {
        foreach (var sellerOrder in await SellerOrders())
        {
            if (sellerOrder.Status is not (SellerOrderStatus.AwaitingShipment or SellerOrderStatus.Cancelled))
            {
                return true;
            }
            try
            {
                var shipment = await GrainFactory.GetGrain<IShipmentGrain>(sellerOrder.ShipmentId).Get();
                if (shipment.Status is not (ShipmentStatus.Created or ShipmentStatus.Packed or ShipmentStatus.Cancelled))
                {
                    return true;
                }
            }
            catch (NotFoundException)
            {
                // Not opened yet: nothing can have left.
            }
        }
        return false;
    }

    // The reason reaches the shopper: "15 minutes", not "0.25 hours" or "0.1 minutes".
    private static string Describe(TimeSpan span) => span switch
    {
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => $"{span.TotalHours:0} hour{(span.TotalHours == 1 ? "" : "s")}",
        { TotalMinutes: >= 1 } when span.TotalMinutes % 1 == 0 => $"{span.TotalMinutes:0} minute{(span.TotalMinutes == 1 ? "" : "s")}",
        _ => $"{span.TotalSeconds:0.#} seconds",
    };

    private IInventoryGrain Inventory(OrderLine line) => GrainFactory.GetGrain<IInventoryGrain>(InventoryKey.For(line.ProductId, line.Sku));

    private IPaymentGrain Payment() => GrainFactory.GetGrain<IPaymentGrain>(State.PaymentId!.Value);

    private NotFoundException NotFound() => new($"Order {OrderId} does not exist.");
}
