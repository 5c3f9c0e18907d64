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
/// One seller's part of a paid order. Payment policy: the sub-order's share of the held amount is captured when
/// logistics reports the parcel delivered, and released (with the stock put back) when the delivery fails or the
/// sub-order is cancelled before hand-over. The money and stock effect of a transition is stored with the
/// transition and applied after it, under a reminder, so a crash or an unavailable service cannot lose it.
/// </summary>
public sealed class SellerOrderGrain(
    [PersistentState("seller-order", StorageNames.Orders)] IPersistentState<SellerOrderGrain.SellerOrderState> state,
    IOptions<OrderingOptions> options,
    TimeProvider clock,
    ILogger<SellerOrderGrain> logger) : Grain, ISellerOrderGrain, IRemindable
{
    private const string EffectReminder = "seller-order-effect";
    private SellerOrderState State => state.State;
    private Guid SellerOrderId => this.GetPrimaryKey();

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
        await Transition(SellerOrderStatus.AwaitingShipment, null, PendingEffect.CreateShipment);
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
                await Transition(SellerOrderStatus.Cancelled, reason, PendingEffect.ReleaseAndRestock);
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
        await Transition(SellerOrderStatus.Shipped, trackingNumber is null ? null : $"tracking {trackingNumber}", PendingEffect.None);
    }

    public async Task OnShipmentDelivered(Guid shipmentId, DateTimeOffset deliveredAt)
    {
        if (IsOurs(shipmentId) && State.Status is SellerOrderStatus.AwaitingShipment or SellerOrderStatus.Shipped)
        {
            await Transition(SellerOrderStatus.Delivered, $"delivered at {deliveredAt:u}", PendingEffect.Capture);
        }
    }

    public async Task OnShipmentFailed(Guid shipmentId, string reason)
    {
        if (IsOurs(shipmentId) && State.Status is SellerOrderStatus.AwaitingShipment or SellerOrderStatus.Shipped)
        {
            await Transition(SellerOrderStatus.DeliveryFailed, reason, PendingEffect.ReleaseAndRestock);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => ApplyEffect();

    /// <summary>Stores the new status together with the effect it owes, then applies the effect.</summary>
    private async Task Transition(SellerOrderStatus status, string? note, PendingEffect effect)
    {
        if (effect != PendingEffect.None)
        {
            await this.RegisterOrUpdateReminder(EffectReminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        }
        State.Effect = effect;
        Record(status, note);
        await state.WriteStateAsync();
        await Publish(note);
        await Index();
        await ApplyEffect();
    }

    private async Task ApplyEffect()
    {
        var amount = Money.ToMinor(State.Lines.Sum(l => l.Subtotal));
        var payment = GrainFactory.GetGrain<IPaymentGrain>(State.PaymentId);
        try
        {
            switch (State.Effect)
            {
                case PendingEffect.CreateShipment:
                    await GrainFactory.GetGrain<IShipmentGrain>(State.ShipmentId).Create(new CreateShipment(
                        State.ShipmentId, State.OrderId, SellerOrderId, State.SellerId, State.ShopperId,
                        State.Lines.Select(l => new ShipmentItem(l.ProductId, l.Sku, l.Title, l.Quantity)).ToList(), State.Address!));
                    break;
                case PendingEffect.Capture:
                    await payment.Capture(DeterministicGuid.Create(SellerOrderId, "capture"), amount);
                    break;
                case PendingEffect.ReleaseAndRestock:
                    await payment.Release(DeterministicGuid.Create(SellerOrderId, "release"), amount);
                    foreach (var line in State.Lines)
                    {
                        await GrainFactory.GetGrain<IInventoryGrain>(InventoryKey.For(line.ProductId, line.Sku)).Restock(State.OrderId);
                    }
                    break;
            }
        }
        catch (Exception e)
        {
            // Every effect is idempotent, so the reminder simply tries it again; a domain refusal needs an operator.
            logger.Log(e is DomainException ? LogLevel.Error : LogLevel.Warning, e,
                "Sub-order {SellerOrder} could not apply {Effect} yet; the reminder retries", SellerOrderId, State.Effect);
            return;
        }

        State.Effect = PendingEffect.None;
        await state.WriteStateAsync();
        if (await this.GetReminder(EffectReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
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
            // Its creation is still a pending effect, which the cancel's own effect now replaces.
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
        State.History.Add(new StatusChange(status.ToString(), clock.GetUtcNow(), note));
    }

    private Task Publish(string? note) =>
        this.PublishEventAsync(StreamNames.Orders, State.OrderId.ToString(),
            new SellerOrderStatusChanged(SellerOrderId, State.OrderId, State.SellerId, State.Status, note));

    private Task Index() =>
        GrainFactory.GetGrain<IOrderIndexGrain>(OrderIndexKey.Seller(State.SellerId)).Upsert(new OrderSummary(
            SellerOrderId, State.OrderId, State.Status.ToString(), State.Lines.Sum(l => l.Subtotal), State.Currency,
            State.Lines.Sum(l => l.Quantity), State.PlacedAt, clock.GetUtcNow()));

    private SellerOrderView View() => new(SellerOrderId, State.OrderId, State.SellerId, State.Status, State.Lines,
        State.Lines.Sum(l => l.Subtotal), State.Currency, State.ShipmentId, State.TrackingNumber, State.History, State.Address!);

    private NotFoundException NotFound() => new($"Sub-order {SellerOrderId} does not exist.");

    public enum PendingEffect
    {
        None,
        CreateShipment,
        Capture,
        ReleaseAndRestock,
    }

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
        [Id(11)] public PendingEffect Effect { get; set; }
        [Id(12)] public List<StatusChange> History { get; set; } = [];

        public bool IsOpen => OrderId != Guid.Empty;
    }
}
