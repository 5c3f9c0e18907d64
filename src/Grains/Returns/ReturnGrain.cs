using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Ordering;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Payments;
using Marketplace.Returns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Returns;

/// <summary>
/// The shell of a return (<see cref="ReturnCore"/>): it reads what the core needs (the delivered sub-order, the
/// products' categories), holds the units with the sub-order's allowance, writes each change with its events and the
/// effects it owes in one write (<see cref="AggregateGrain"/>), and carries those out: the seller's deadline (an effect
/// not due before it), the return parcel, the restock and the refund, which waits while the payment retries it.
/// </summary>
public sealed class ReturnGrain(
    [PersistentState("return", StorageNames.Orders)] IPersistentState<ReturnState> state,
    IOptions<ReturnsOptions> options,
    OutboxRuntime outbox,
    ILogger<ReturnGrain> logger) : AggregateGrain(outbox), IReturnGrain
{
    private readonly ReturnCore _core = new(options.Value);

    private ReturnState State => state.State;
    private Guid ReturnId => this.GetPrimaryKey();

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public async Task<ReturnView> Request(RequestReturn command)
    {
        if (State.IsOpen)
        {
            // A repeat (or a reused key) is decided on the stored return alone: nothing is read for it.
            await Run(new OpenReturn(ReturnId, command, null!, new Dictionary<Guid, string>()));
            return ReturnCore.View(State);
        }
        var subOrder = await DeliveredSubOrder(command);
        var categories = new Dictionary<Guid, string>();
        foreach (var productId in command.Items.Select(i => i.ProductId).Where(id => subOrder.Lines.Any(l => l.ProductId == id)).Distinct())
        {
            if (await GrainFactory.GetGrain<IProductGrain>(productId).Find() is { } product)
            {
                categories[productId] = product.Category;
            }
        }
        var decision = _core.Decide(State, new OpenReturn(ReturnId, command, subOrder, categories), Clock.GetUtcNow());
        var opened = decision.Events.OfType<ReturnOpened>().Single();
        await GrainFactory.GetGrain<IReturnAllowanceGrain>(subOrder.SellerOrderId).Claim(ReturnId, opened.Lines.ToList(),
            subOrder.Lines.Select(l => new ClaimedUnits(l.ProductId, l.Sku, l.Quantity)).ToList());
        await Store(decision);
        return ReturnCore.View(State);
    }

    public Task<ReturnView> Get() => State.IsOpen ? Task.FromResult(ReturnCore.View(State)) : throw new NotFoundException($"Return {ReturnId} does not exist.");

    public Task<ReturnView> GetFor(ReturnParty party, Guid partyId)
    {
        ReturnCore.RequireParty(State, party, partyId);
        return Task.FromResult(ReturnCore.View(State));
    }

    public Task<ReturnView> Decide(Guid sellerId, bool approve, string? reason, long expectedVersion) =>
        Change(new SellerDecides(sellerId, approve, reason, expectedVersion));

    public Task<ReturnView> Dispute(Guid shopperId, string reason) => Change(new ShopperDisputes(shopperId, reason));

    public Task<ReturnView> Arbitrate(Guid operatorId, bool approve, string reason) => Change(new OperatorDecides(operatorId, approve, reason));

    public Task<ReturnView> ConfirmReceipt(Guid sellerId, bool resellable, string? note, long expectedVersion) =>
        Change(new SellerReceives(sellerId, resellable, note, expectedVersion));

    public Task OnParcelHandedOver(Guid shipmentId, string? trackingNumber) => Run(new ParcelLeft(shipmentId, trackingNumber));

    public Task OnParcelDelivered(Guid shipmentId, DateTimeOffset deliveredAt) => Run(new ParcelArrived(shipmentId, deliveredAt));

    public Task OnParcelFailed(Guid shipmentId, string reason) => Run(new ParcelLost(shipmentId, reason));

    private async Task<ReturnView> Change(ReturnCommand command)
    {
        await Run(command);
        return ReturnCore.View(State);
    }

    private Task Run(ReturnCommand command) => Store(_core.Decide(State, command, Clock.GetUtcNow()));

    private async Task Store(Decision<ReturnEvent> decision)
    {
        if (decision.IsEmpty)
        {
            return;
        }
        foreach (var change in decision.Events)
        {
            ReturnCore.Apply(State, change);
        }
        State.Version++;
        foreach (var published in decision.Published)
        {
            Raise(StreamNames.Returns, ReturnId.ToString(), published);
        }
        foreach (var effect in decision.Effects)
        {
            Enqueue(effect);
        }
        await Commit();
    }

    /// <summary>The sub-order as its shopper's order shows it: NotFoundException when it is not the shopper's.</summary>
    private async Task<DeliveredSubOrder> DeliveredSubOrder(RequestReturn command)
    {
        var order = await GrainFactory.GetGrain<IOrderGrain>(command.OrderId).GetFor(command.ShopperId);
        var subOrder = order.SellerOrders.FirstOrDefault(s => s.SellerOrderId == command.SellerOrderId)
                       ?? throw new NotFoundException($"Sub-order {command.SellerOrderId} of order {command.OrderId} does not exist.");
        var deliveredAt = subOrder.Status == SellerOrderStatus.Delivered
            ? subOrder.History.LastOrDefault(h => h.Status == nameof(SellerOrderStatus.Delivered))?.At
            : null;
        return new DeliveredSubOrder(order.OrderId, subOrder.SellerOrderId, subOrder.SellerId, order.ShopperId, order.PaymentId ?? OrderIds.Payment(order.OrderId),
            subOrder.Status, deliveredAt, subOrder.Lines, subOrder.Currency, subOrder.Address);
    }

    protected override async Task Perform(IAggregateEffect effect)
    {
        var now = Clock.GetUtcNow();
        try
        {
            switch (effect)
            {
                case SellerDeadlineEffect deadline when State.Status == ReturnStatus.Requested:
                    if (now < deadline.Due)
                    {
                        throw new EffectNotDueException(deadline.Due);
                    }
                    await Run(new DeadlinePassed());
                    break;
                case OpenReturnParcelEffect parcel when parcel.Attempt == State.ParcelAttempt:
                    await OpenParcel();
                    break;
                case RestockReturnEffect:
                    foreach (var line in State.Lines)
                    {
                        // Once per return and SKU, however often the outbox repeats it.
                        await GrainFactory.GetGrain<IInventoryGrain>(InventoryKey.For(line.ProductId, line.Sku))
                            .Adjust(line.Quantity, $"return:{ReturnId:N}");
                    }
                    break;
                case RefundEffect refund when refund.Attempt == State.RefundAttempt && State.Status is ReturnStatus.Received or ReturnStatus.RefundFailed:
                    await Refund(refund, now);
                    break;
            }
        }
        catch (DomainException e)
        {
            logger.LogError(e, "Return {Return} was refused {Effect}; the outbox retries it", ReturnId, effect.GetType().Name);
            throw;
        }
    }

    private async Task OpenParcel()
    {
        var shipmentId = State.ShipmentId!.Value;
        var channel = State.Method == ReturnMethod.CourierPickup ? DeliveryChannel.Courier : DeliveryChannel.Carrier;
        var parcel = new CreateShipment(shipmentId, State.OrderId, State.SellerOrderId, State.SellerId, State.ShopperId,
            State.Lines.Select(l => new ShipmentItem(l.ProductId, l.Sku, l.Title, l.Quantity)).ToList(), State.PickupAddress!, new ReturnParcel(ReturnId, channel));
        // The shipment may tell this return about its parcel within the call (a carrier label issued at once).
        using var reentrancy = RequestContext.AllowCallChainReentrancy();
        await GrainFactory.GetGrain<IShipmentGrain>(shipmentId).Create(parcel);
    }

    /// <summary>
    /// Asks the payment for this attempt's refund (the same operation id every time, so the money moves once) and
    /// reports its outcome; while the payment still retries the processor, the effect waits and asks again.
    /// </summary>
    private async Task Refund(RefundEffect refund, DateTimeOffset now)
    {
        if (now < refund.NotBefore)
        {
            throw new EffectNotDueException(refund.NotBefore);
        }
        var refundId = State.RefundId!.Value;
        var payment = await GrainFactory.GetGrain<IPaymentGrain>(State.PaymentId).Refund(refundId, State.AmountMinor);
        var operation = payment.Operations.Single(o => o.OperationId == refundId);
        switch (operation.Status)
        {
            case PaymentOperationStatus.Pending:
                throw new EffectNotDueException(now + options.Value.RefundCheckInterval);
            case PaymentOperationStatus.Succeeded:
                await Run(new RefundAnswered(refund.Attempt, Succeeded: true, null));
                break;
            default:
                await Run(new RefundAnswered(refund.Attempt, Succeeded: false, operation.Error));
                break;
        }
    }
}
