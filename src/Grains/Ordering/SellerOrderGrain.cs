using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Marketplace.Payments;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Ordering;

/// <summary>
/// One seller's part of a paid order. Payment policy: the sub-order's share of the held amount is captured when
/// logistics reports the parcel delivered, and released (with the stock put back) when the delivery fails or the
/// sub-order is cancelled before hand-over. The shipment, money and stock effects of a transition are written to
/// the outbox with the transition and its event (<see cref="AggregateGrain"/>), so a crash or an unavailable service
/// delays them but cannot lose them.
/// </summary>
public sealed class SellerOrderGrain(
    [PersistentState("seller-order", StorageNames.Orders)] IPersistentState<SellerOrderGrain.SellerOrderState> state,
    OutboxRuntime outbox,
    ILogger<SellerOrderGrain> logger) : AggregateGrain(outbox), ISellerOrderGrain
{
    private SellerOrderState State => state.State;
    private Guid SellerOrderId => this.GetPrimaryKey();

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public async Task<SellerOrderView> Open(OpenSellerOrder command)
    {
        if (State.IsOpen)
        {
            return State.OrderId == command.OrderId && State.SellerId == command.SellerId
                ? View()
                : throw new ConflictException($"Sub-order {SellerOrderId} belongs to another order.");
        }

        State.OrderId = command.OrderId;
        State.SellerId = command.SellerId;
        State.ShopperId = command.ShopperId;
        State.PaymentId = command.PaymentId;
        State.Lines = command.Lines.ToList();
        State.Currency = command.Currency;
        State.Address = command.Address;
        State.PlacedAt = command.PlacedAt;
        State.ShipmentId = OrderIds.Shipment(SellerOrderId);
        // The shipment is an effect like the money ones: a logistics hiccup delays the parcel, never the paid order.
        await Transition(SellerOrderStatus.AwaitingShipment, null, new CreateShipmentEffect());
        return View();
    }

    public Task<SellerOrderView> Get() => State.IsOpen ? Task.FromResult(View()) : throw NotFound();

    public Task<SellerOrderView> GetForSeller(Guid sellerId) =>
        State.IsOpen && State.SellerId == sellerId ? Task.FromResult(View()) : throw NotFound();

    public async Task<SellerOrderView> Cancel(string reason)
    {
        if (!State.IsOpen)
        {
            throw NotFound();
        }
        switch (State.Status)
        {
            case SellerOrderStatus.Cancelled:
                return View();
            case SellerOrderStatus.AwaitingShipment:
                await WithdrawShipment(reason);
                await Transition(SellerOrderStatus.Cancelled, reason, new ReleaseAndRestockEffect());
                return View();
            default:
                throw new ConflictException($"Sub-order {SellerOrderId} is {State.Status}; only a sub-order awaiting shipment can be cancelled.");
        }
    }

    public async Task OnShipmentHandedOver(Guid shipmentId, string? trackingNumber)
    {
        if (!IsOurs(shipmentId) || State.Status != SellerOrderStatus.AwaitingShipment)
        {
            return;
        }
        State.TrackingNumber = trackingNumber;
        await Transition(SellerOrderStatus.Shipped, trackingNumber is null ? null : $"tracking {trackingNumber}", null);
    }

    public async Task OnShipmentDelivered(Guid shipmentId, DateTimeOffset deliveredAt)
    {
        if (IsOurs(shipmentId) && State.Status is SellerOrderStatus.AwaitingShipment or SellerOrderStatus.Shipped)
        {
            await Transition(SellerOrderStatus.Delivered, $"delivered at {deliveredAt:u}", new CaptureEffect());
        }
    }

    public async Task OnShipmentFailed(Guid shipmentId, string reason)
    {
        if (IsOurs(shipmentId) && State.Status is SellerOrderStatus.AwaitingShipment or SellerOrderStatus.Shipped)
        {
            await Transition(SellerOrderStatus.DeliveryFailed, reason, new ReleaseAndRestockEffect());
        }
    }

    /// <summary>Stores the new status together with its event and the effect it owes, then dispatches both.</summary>
    private async Task Transition(SellerOrderStatus status, string? note, IAggregateEffect? effect)
    {
        Record(status, note);
        Raise(StreamNames.Orders, State.OrderId.ToString(), new SellerOrderStatusChanged(SellerOrderId, State.OrderId, State.SellerId, State.Status, note));
        if (effect is not null)
        {
            Enqueue(effect);
        }
        await Commit();
    }

    /// <summary>Every effect is idempotent per sub-order, so the outbox may repeat it; a domain refusal is logged for an operator and retried.</summary>
    protected override async Task Perform(IAggregateEffect effect)
    {
        var amount = Money.ToMinor(State.Lines.Sum(l => l.Subtotal));
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
                        await GrainFactory.GetGrain<IInventoryGrain>(InventoryKey.For(line.ProductId, line.Sku)).Restock(State.OrderId);
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

    private bool IsOurs(Guid shipmentId)
    {
        if (State.IsOpen && shipmentId == State.ShipmentId)
        {
            return true;
        }
        logger.LogWarning("Sub-order {SellerOrder} ignored a report about shipment {Shipment}", SellerOrderId, shipmentId);
        return false;
    }

    private void Record(SellerOrderStatus status, string? note)
    {
        State.Status = status;
        State.History.Add(new StatusChange(status.ToString(), Clock.GetUtcNow(), note));
    }

    private SellerOrderView View() => new(SellerOrderId, State.OrderId, State.SellerId, State.Status, State.Lines,
        State.Lines.Sum(l => l.Subtotal), State.Currency, State.ShipmentId, State.TrackingNumber, State.History, State.Address!, State.PlacedAt);

    private NotFoundException NotFound() => new($"Sub-order {SellerOrderId} does not exist.");

    /// <summary>Open the sub-order's shipment.</summary>
    [GenerateSerializer, Immutable]
    public sealed record CreateShipmentEffect : IAggregateEffect;

    /// <summary>Capture the sub-order's share of the held payment.</summary>
    [GenerateSerializer, Immutable]
    public sealed record CaptureEffect : IAggregateEffect;

    /// <summary>Release the sub-order's share of the held payment and put its stock back.</summary>
    [GenerateSerializer, Immutable]
    public sealed record ReleaseAndRestockEffect : IAggregateEffect;

    [GenerateSerializer]
    public sealed class SellerOrderState
    {
        [Id(0)] public Guid OrderId { get; set; }
        [Id(1)] public Guid SellerId { get; set; }
        [Id(2)] public Guid ShopperId { get; set; }
        [Id(3)] public Guid PaymentId { get; set; }
        [Id(4)] public List<OrderLine> Lines { get; set; } = [];
        [Id(5)] public string Currency { get; set; } = "";
        [Id(6)] public DeliveryAddress? Address { get; set; }
        [Id(7)] public DateTimeOffset PlacedAt { get; set; }
        [Id(8)] public SellerOrderStatus Status { get; set; }
        [Id(9)] public Guid ShipmentId { get; set; }
        [Id(10)] public string? TrackingNumber { get; set; }
        [Id(12)] public List<StatusChange> History { get; set; } = [];

        /// <summary>Events and effects written with the transition that owes them, until delivered.</summary>
        [Id(13)] public EventOutbox Outbox { get; set; } = new();

        public bool IsOpen => OrderId != Guid.Empty;
    }
}
