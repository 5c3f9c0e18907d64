using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Logistics.Carrier;
using Marketplace.Grains.Logistics.Core;
using Marketplace.Logistics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Logistics;

/// <summary>
/// The shell of the shipment aggregate: <see cref="ShipmentDecider"/> decides; the shell folds the changes into the
/// state and writes them with their events and effects (carrier registration, callbacks to ordering) in the outbox of
/// <see cref="AggregateGrain"/>, and does the I/O the core cannot: clock, carrier records, deadline reminder.
/// </summary>
public sealed class ShipmentGrain(
    [PersistentState("shipment", StorageNames.Shipments)] IPersistentState<ShipmentState> state,
    IOptions<LogisticsOptions> options,
    ICarrierClient carrier,
    IOrderingCallbacks ordering,
    LogisticsMetrics metrics,
    OutboxRuntime outbox,
    ILogger<ShipmentGrain> logger) : AggregateGrain(outbox), IShipmentGrain
{
    private const string DeadlineReminder = "update-deadline";

    private readonly TimeSpan _updateDeadline = options.Value.UpdateDeadline;

    // Orleans refuses reminder periods under a minute; the due time is what drives the deadline reminder.
    private readonly TimeSpan _deadlinePeriod = TimeSpan.FromTicks(Math.Max(options.Value.UpdateDeadline.Ticks, TimeSpan.FromMinutes(1).Ticks));

    private Guid ShipmentId => this.GetPrimaryKey();
    private DateTimeOffset Now => Clock.GetUtcNow();

    protected override EventOutbox Outbox => state.State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    /// <summary>Only a sub-order's outbox effect creates a shipment, and repeats it until it returns (<see cref="AggregateGrain.RepeatedByCaller"/>).</summary>
    public Task<ShipmentView> Create(CreateShipment command) => RepeatedByCaller(() => Change(new OpenShipment(ShipmentId, Now, command)));

    public Task<ShipmentView> Get() => Task.FromResult(View());

    public Task<ShipmentView> GetFor(ShipmentParty party, Guid partyId)
    {
        ShipmentRules.RequireParty(ShipmentId, state.State, party, partyId);
        return Task.FromResult(View());
    }

    public Task<ShipmentView> Cancel(string reason) => Change(new CancelShipment(ShipmentId, Now, reason));

    public Task<ShipmentView> MarkPacked(Guid sellerId, string? location) => Change(new PackShipment(ShipmentId, Now, sellerId, location));

    public Task<ShipmentView> HandOver(Guid sellerId, HandOverShipment command) => Change(new HandOverParcel(ShipmentId, Now, sellerId, command));

    public Task<ShipmentView> AssignCourier(Guid courierId) => Change(new ChooseCourier(ShipmentId, Now, courierId));

    public Task<ShipmentView> ApplyCourierUpdate(Guid courierId, CourierUpdate update) =>
        Change(new ApplyCourierStep(ShipmentId, Now, courierId, update));

    public async Task<CarrierUpdateResult> ApplyCarrierUpdate(CarrierUpdate update)
    {
        var decision = await Run(new ApplyCarrierEvent(ShipmentId, Now, update));
        return new CarrierUpdateResult(decision.CarrierOutcome ?? CarrierUpdateOutcome.Duplicate, state.State.Status);
    }

    protected override async Task OnReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder)
        {
            await base.OnReminder(reminderName, status);
            return;
        }
        // A flag re-arms through Run, which then stops the reminder: the alert stands until the shipment moves again.
        if ((await Run(new CheckDeadline(ShipmentId, Now, _updateDeadline))).ChangesNothing)
        {
            await ArmDeadline();
        }
    }

    private async Task<ShipmentView> Change(ShipmentCommand command)
    {
        await Run(command);
        return View();
    }

    /// <summary>Decides, then writes the state with what it owes in one write, and re-arms the deadline.</summary>
    private async Task<ShipmentDecision> Run(ShipmentCommand command)
    {
        var decision = ShipmentDecider.Decide(state.State, command);
        if (decision.ChangesNothing)
        {
            return decision;
        }
        if (decision.CarrierEventToConfirm is { } carrierEvent)
        {
            await EnsureTheCarrierRecorded(carrierEvent);
        }

        var next = decision.Changes.Aggregate(state.State, ShipmentEvolution.Apply);
        next.Version++;
        state.State = next;
        foreach (var domainEvent in decision.Events)
        {
            Raise(StreamNames.Shipments, ShipmentId.ToString(), domainEvent);
        }
        foreach (var effect in decision.Effects)
        {
            Enqueue(effect);
        }
        Measure(decision.Changes);
        await Commit();
        await ArmDeadline();
        return decision;
    }

    private async Task ArmDeadline()
    {
        if (ShipmentRules.DeadlineCheckIn(state.State, _updateDeadline, Now) is { } due)
        {
            await this.RegisterOrUpdateReminder(DeadlineReminder, due, _deadlinePeriod);
        }
        else
        {
            await this.StopReminder(DeadlineReminder);
        }
    }

    private void Measure(IEnumerable<ShipmentChange> changes)
    {
        foreach (var change in changes)
        {
            switch (change)
            {
                case ShipmentChange.Moved moved:
                    metrics.StatusChanged(moved.To, moved.Source);
                    break;
                case ShipmentChange.OverdueFlagged:
                    metrics.Overdue();
                    logger.LogWarning("Shipment {ShipmentId} is overdue: {Status} since {LastUpdateAt}", ShipmentId, state.State.Status, state.State.LastUpdateAt);
                    break;
            }
        }
    }

    /// <summary>ConflictException (409: the carrier retries a genuine event) unless the carrier's own records hold the callback's event.</summary>
    private async Task EnsureTheCarrierRecorded(CarrierUpdate update)
    {
        if (!await carrier.Holds(ShipmentId, update, CancellationToken.None))
        {
            logger.LogWarning("Carrier callback {EventId} ({Status}, sequence {Sequence}) for shipment {ShipmentId} is not in the carrier's records",
                update.EventId, update.Status, update.Sequence, ShipmentId);
            throw new ConflictException($"The carrier's records hold no event {update.EventId} ({update.Status}, sequence {update.Sequence}) of shipment {ShipmentId}.");
        }
    }

    protected override Task Perform(IAggregateEffect effect) => effect switch
    {
        RegisterWithCarrierEffect => RegisterWithCarrier(),
        OrderingCallback callback => Notify(callback),
        _ => base.Perform(effect),
    };

    private async Task RegisterWithCarrier()
    {
        if (state.State.CarrierRegistration != CarrierRegistrationStatus.Pending)
        {
            // The carrier's own callback told us the tracking number first.
            return;
        }
        var order = ShipmentRules.RequireOpen(ShipmentId, state.State);
        string trackingNumber;
        try
        {
            trackingNumber = await carrier.Register(ShipmentId, order.Address, order.Items, CancellationToken.None);
        }
        catch
        {
            metrics.CarrierRegistrationFailed();
            throw;
        }
        await Run(new RecordCarrierRegistration(ShipmentId, Now, trackingNumber));
    }

    private async Task Notify(OrderingCallback callback)
    {
        try
        {
            await ordering.Send(ShipmentRules.RequireOpen(ShipmentId, state.State), ShipmentId, callback);
        }
        catch (DomainException ex)
        {
            // A definite refusal (unknown sub-order, a state that forbids it) would be refused again: retrying cannot help.
            logger.LogError(ex, "Ordering refused the {Kind} callback of shipment {ShipmentId}; dropping it", callback.Kind, ShipmentId);
            metrics.CallbackDropped(callback.Kind);
        }
    }

    private ShipmentView View() => ShipmentRules.View(ShipmentId, state.State);
}
