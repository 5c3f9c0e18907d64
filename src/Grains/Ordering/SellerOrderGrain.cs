using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Payments;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Ordering;

/// <summary>
/// The shell of a sub-order (<see cref="SellerOrderCore"/>): it stores each transition with its event and the
/// shipment, money or stock effect it owes (<see cref="AggregateGrain"/>), so a crash or an unavailable service
/// delays them but cannot lose them, and carries those effects out.
/// </summary>
public sealed class SellerOrderGrain(
    [PersistentState("seller-order", StorageNames.Orders)] IPersistentState<SellerOrderState> state,
    OutboxRuntime outbox,
    ILogger<SellerOrderGrain> logger) : AggregateGrain(outbox), ISellerOrderGrain
{
    private SellerOrderState State => state.State;
    private Guid SellerOrderId => this.GetPrimaryKey();

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.IsOpen && State.SellerOrderId == Guid.Empty)
        {
            // Stored before the state named its sub-order.
            State.SellerOrderId = SellerOrderId;
        }
        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>Only the order's confirming effect opens a sub-order, and repeats it until it returns (<see cref="AggregateGrain.RepeatedByCaller"/>).</summary>
    public Task<SellerOrderView> Open(OpenSellerOrder command) => RepeatedByCaller(async () =>
    {
        await Run(new OpenSubOrder(SellerOrderId, command));
        return View();
    });

    public Task<SellerOrderView> Get() => State.IsOpen ? Task.FromResult(View()) : throw NotFound();

    public Task<SellerOrderView> GetForSeller(Guid sellerId) =>
        State.IsOpen && State.SellerId == sellerId ? Task.FromResult(View()) : throw NotFound();

    public async Task<SellerOrderView> Cancel(string reason)
    {
        var decision = SellerOrderCore.Decide(State, new CancelSubOrder(reason), Clock.GetUtcNow());
        if (!decision.IsEmpty)
        {
            await WithdrawShipment(reason);
            await Store(decision);
        }
        return View();
    }

    public Task OnShipmentHandedOver(Guid shipmentId, string? trackingNumber) => Report(shipmentId, new ParcelHandedOver(shipmentId, trackingNumber));

    public Task OnShipmentDelivered(Guid shipmentId, DateTimeOffset deliveredAt) => Report(shipmentId, new ParcelDelivered(shipmentId, deliveredAt));

    public Task OnShipmentFailed(Guid shipmentId, string reason) => Report(shipmentId, new ParcelFailed(shipmentId, reason));

    private Task Report(Guid shipmentId, SellerOrderCommand command)
    {
        if (!SellerOrderCore.IsOurs(State, shipmentId))
        {
            logger.LogWarning("Sub-order {SellerOrder} ignored a report about shipment {Shipment}", SellerOrderId, shipmentId);
            return Task.CompletedTask;
        }
        return Run(command);
    }

    private Task Run(SellerOrderCommand command) => Store(SellerOrderCore.Decide(State, command, Clock.GetUtcNow()));

    /// <summary>Applies the decision and stores the new status together with its event and the effect it owes, then dispatches both.</summary>
    private async Task Store(Decision<SellerOrderEvent> decision)
    {
        if (decision.IsEmpty)
        {
            return;
        }
        foreach (var change in decision.Events)
        {
            SellerOrderCore.Apply(State, change);
        }
        foreach (var published in decision.Published)
        {
            Raise(StreamNames.Orders, State.OrderId.ToString(), published);
        }
        foreach (var effect in decision.Effects)
        {
            Enqueue(effect);
        }
        await Commit();
    }

    /// <summary>Every effect is idempotent per sub-order, so the outbox may repeat it; a domain refusal is logged for an operator and retried.</summary>
    protected override async Task Perform(IAggregateEffect effect)
    {
        // What the shopper paid for this seller's lines: the platform-funded discount was never authorised.
        var amount = Money.ToMinor(State.Breakdown.Paid);
        var payment = GrainFactory.GetGrain<IPaymentGrain>(State.PaymentId);
        try
        {
            switch (effect)
            {
                case CreateShipmentEffect when State.Status == SellerOrderStatus.Cancelled:
                    // Cancelled before its shipment existed: the parcel is never opened.
                    break;
                case CreateShipmentEffect:
                    await GrainFactory.GetGrain<IShipmentGrain>(State.ShipmentId).Create(new CreateShipment(
                        State.ShipmentId, State.OrderId, SellerOrderId, State.SellerId, State.ShopperId,
                        State.Lines.Select(l => new ShipmentItem(l.ProductId, l.Sku, l.Title, l.Quantity)).ToList(), State.Address!));
                    break;
                case CaptureEffect:
                    await payment.Capture(DeterministicGuid.Create(SellerOrderId, "capture"), amount);
                    break;
                case ReleaseAndRestockEffect:
                    await payment.Release(DeterministicGuid.Create(SellerOrderId, "release"), amount);
                    foreach (var line in State.Lines)
                    {
                        await GrainFactory.GetGrain<IInventoryGrain>(InventoryKey.For(line.ProductId, line.Sku)).Restock(State.OrderId, line.Quantity);
                    }
                    break;
            }
        }
        catch (DomainException e)
        {
            logger.LogError(e, "Sub-order {SellerOrder} was refused {Effect}; the outbox retries it", SellerOrderId, effect.GetType().Name);
            throw;
        }
    }

    /// <summary>
    /// Stops the parcel before the money goes back: a shipment already handed over refuses, and so the cancel fails
    /// even when its hand-over report has not reached this sub-order yet.
    /// </summary>
    private async Task WithdrawShipment(string reason)
    {
        try
        {
            await GrainFactory.GetGrain<IShipmentGrain>(State.ShipmentId).Cancel(reason);
        }
        catch (NotFoundException)
        {
            // Its creation is still a pending effect, which the cancellation voids.
        }
    }

    private SellerOrderView View() => new(SellerOrderId, State.OrderId, State.SellerId, State.Status, State.Lines,
        State.Breakdown.Paid, State.Currency, State.ShipmentId, State.TrackingNumber, State.History, State.Address!, State.PlacedAt,
        State.Breakdown, State.PromoCode);

    private NotFoundException NotFound() => new($"Sub-order {SellerOrderId} does not exist.");
}
