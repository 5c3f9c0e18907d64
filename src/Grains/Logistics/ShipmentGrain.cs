using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Logistics.Carrier;
using Marketplace.Logistics;
using Marketplace.Logistics.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Logistics;

/// <summary>
/// The shipment aggregate. Every change is written with its events and its effects (the carrier registration, the
/// callbacks to ordering) in the outbox of <see cref="AggregateGrain"/>, which delivers them and retries what fails;
/// then the change is mirrored to the parties' indexes. A reminder watches the update deadline and raises the overdue alert.
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
    private const int MaxLocation = 200;
    private const int MaxReason = 500;

    // Orleans refuses reminder periods under a minute; the due time is what drives the deadline reminder.
    private static readonly TimeSpan MinimumReminderPeriod = TimeSpan.FromMinutes(1);

    private readonly LogisticsOptions _options = options.Value;
    private Guid? _unassignedCourier;
    private bool _leftOverdue;
    private bool _leftDispatchQueue;

    private Guid ShipmentId => this.GetPrimaryKey();
    private CreateShipment Order => state.State.Order ?? throw Missing();

    protected override EventOutbox Outbox => state.State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public async Task<ShipmentView> Create(CreateShipment command)
    {
        Validate(command);
        if (state.State.Order is { } existing)
        {
            return existing.SellerOrderId == command.SellerOrderId
                ? View()
                : throw new ConflictException($"Shipment {ShipmentId} already exists for sub-order {existing.SellerOrderId}.");
        }

        var now = DateTimeOffset.UtcNow;
        state.State.Order = command;
        state.State.Status = ShipmentStatus.Created;
        state.State.CreatedAt = now;
        state.State.LastUpdateAt = now;
        state.State.History.Add(new ShipmentStatusEntry(ShipmentStatus.Created, now, null, "ordering", null));
        Publish(new ShipmentCreated(ShipmentId, command.OrderId, command.SellerOrderId, command.SellerId, command.ShopperId));
        await Save();
        return View();
    }

    public Task<ShipmentView> Get()
    {
        RequireCreated();
        return Task.FromResult(View());
    }

    public Task<ShipmentView> GetFor(ShipmentParty party, Guid partyId)
    {
        RequireParty(party, partyId);
        return Task.FromResult(View());
    }

    public async Task<ShipmentView> Cancel(string reason)
    {
        RequireCreated();
        switch (state.State.Status)
        {
            case ShipmentStatus.Cancelled:
                return View();
            case ShipmentStatus.Created or ShipmentStatus.Packed:
                Move(ShipmentStatus.Cancelled, DateTimeOffset.UtcNow, null, "ordering", reason);
                await Save();
                return View();
            default:
                throw new ConflictException($"Shipment {ShipmentId} is {state.State.Status}; it has left the seller and can no longer be cancelled.");
        }
    }

    public async Task<ShipmentView> MarkPacked(Guid sellerId, string? location)
    {
        RequireParty(ShipmentParty.Seller, sellerId);
        location = TextRules.Optional(location, "location", MaxLocation);
        switch (state.State.Status)
        {
            case ShipmentStatus.Packed:
                return View();
            case ShipmentStatus.Created:
                Move(ShipmentStatus.Packed, DateTimeOffset.UtcNow, location, "seller", null);
                await Save();
                return View();
            default:
                throw new ConflictException($"Shipment {ShipmentId} is {state.State.Status}; only a shipment in status Created can be packed.");
        }
    }

    public async Task<ShipmentView> HandOver(Guid sellerId, HandOverShipment command)
    {
        RequireParty(ShipmentParty.Seller, sellerId);
        if (!Enum.IsDefined(command.Channel))
        {
            throw new ValidationException("channel", "Choose Courier or Carrier.");
        }
        command = command with { Location = TextRules.Optional(command.Location, "location", MaxLocation) };
        if (state.State.Channel is { } channel)
        {
            return channel == command.Channel
                ? View()
                : throw new ConflictException($"Shipment {ShipmentId} was already handed over to the {channel.ToString().ToLowerInvariant()}.");
        }
        if (state.State.Status != ShipmentStatus.Packed)
        {
            throw new ConflictException(state.State.Status == ShipmentStatus.Cancelled
                ? $"Shipment {ShipmentId} was cancelled with its order; there is nothing to hand over."
                : $"Shipment {ShipmentId} is {state.State.Status}; pack it before handing it over.");
        }

        state.State.Channel = command.Channel;
        Move(ShipmentStatus.HandedOver, DateTimeOffset.UtcNow, command.Location, "seller", $"to the {command.Channel.ToString().ToLowerInvariant()}");
        if (command.Channel == DeliveryChannel.Carrier)
        {
            state.State.CarrierRegistration = CarrierRegistrationStatus.Pending;
            Enqueue(new RegisterWithCarrierEffect());
        }
        else
        {
            Enqueue(new OrderingCallback(OrderingCallbackKind.HandedOver, null, DateTimeOffset.UtcNow, null));
        }
        await Save();
        return View();
    }

    public async Task<ShipmentView> AssignCourier(Guid courierId)
    {
        RequireCreated();
        if (courierId == Guid.Empty)
        {
            throw new ValidationException("courierId", "Name the courier.");
        }
        if (state.State.Channel != DeliveryChannel.Courier)
        {
            throw new ConflictException(state.State.Channel is null
                ? $"Shipment {ShipmentId} has not been handed over to the courier service yet."
                : $"Shipment {ShipmentId} travels with the external carrier; it cannot get a courier.");
        }
        if (state.State.CourierId == courierId)
        {
            return View();
        }
        if (state.State.Status != ShipmentStatus.HandedOver)
        {
            throw new ConflictException($"Shipment {ShipmentId} is {state.State.Status}; its courier can only change before pick-up.");
        }

        _unassignedCourier = state.State.CourierId;
        _leftDispatchQueue = state.State.CourierId is null;
        state.State.CourierId = courierId;
        Touch(DateTimeOffset.UtcNow);
        Publish(new ShipmentCourierAssigned(ShipmentId, courierId));
        await Save();
        return View();
    }

    public async Task<ShipmentView> ApplyCourierUpdate(Guid courierId, CourierUpdate update)
    {
        RequireParty(ShipmentParty.Courier, courierId);
        if (string.IsNullOrWhiteSpace(update.UpdateId) || update.UpdateId.Length > 100)
        {
            throw new ValidationException("updateId", "Send a unique update id of at most 100 characters.");
        }
        update = update with
        {
            Location = TextRules.Optional(update.Location, "location", MaxLocation),
            Reason = TextRules.Optional(update.Reason, "reason", MaxReason, multiline: true),
        };
        if (state.State.CourierUpdates.TryGetValue(update.UpdateId, out var applied))
        {
            return applied == update.Status
                ? View()
                : throw new ConflictException($"Update id '{update.UpdateId}' was already used to move the shipment to {applied}.");
        }

        var allowed = state.State.Status.CourierNextSteps();
        if (!allowed.Contains(update.Status))
        {
            throw new ConflictException(allowed.Count == 0
                ? $"Shipment {ShipmentId} is {state.State.Status}; a courier cannot move it from there."
                : $"Shipment {ShipmentId} is {state.State.Status}; a courier can move it to {string.Join(" or ", allowed)}, not to {update.Status}.");
        }
        if (update.Status == ShipmentStatus.DeliveryFailed && string.IsNullOrWhiteSpace(update.Reason))
        {
            throw new ValidationException("reason", "Say why the delivery failed.");
        }

        state.State.CourierUpdates[update.UpdateId] = update.Status;
        Move(update.Status, DateTimeOffset.UtcNow, update.Location, "courier", update.Reason);
        await Save();
        return View();
    }

    public async Task<CarrierUpdateResult> ApplyCarrierUpdate(CarrierUpdate update)
    {
        RequireCreated();
        if (state.State.Channel != DeliveryChannel.Carrier)
        {
            throw new ConflictException($"Shipment {ShipmentId} was not handed over to the carrier.");
        }
        if (state.State.TrackingNumber is { } tracking && !string.Equals(tracking, update.TrackingNumber, StringComparison.Ordinal))
        {
            throw new ConflictException($"Shipment {ShipmentId} has tracking number {tracking}, not {update.TrackingNumber}.");
        }
        if (!update.Status.IsCarrierReportable())
        {
            throw new ValidationException("status", $"A carrier cannot report {update.Status}.");
        }
        if (state.State.CarrierEventIds.Contains(update.EventId) || state.State.CarrierSequences.Contains(update.Sequence))
        {
            return new CarrierUpdateResult(CarrierUpdateOutcome.Duplicate, state.State.Status);
        }
        var isNewest = update.Sequence > state.State.LastCarrierSequence;
        var moves = isNewest && !state.State.Status.IsFinal() && update.Status.Rank() > state.State.Status.Rank();
        if ((moves && update.Status is ShipmentStatus.Delivered or ShipmentStatus.DeliveryFailed) || state.State.TrackingNumber is null)
        {
            await EnsureTheCarrierRecorded(update);
        }

        if (state.State.TrackingNumber is null)
        {
            // Our registration call's answer was lost, but the carrier already works the parcel: its callback tells us the number.
            AdoptTrackingNumber(update.TrackingNumber);
        }
        state.State.CarrierSequences.Add(update.Sequence);
        state.State.CarrierEventIds.Add(update.EventId);
        state.State.LastCarrierSequence = Math.Max(state.State.LastCarrierSequence, update.Sequence);

        CarrierUpdateOutcome outcome;
        if (moves)
        {
            var reason = update.Status == ShipmentStatus.DeliveryFailed ? update.Reason ?? "The carrier could not deliver the parcel." : update.Reason;
            Move(update.Status, update.OccurredAt, update.Location, "carrier", reason);
            outcome = CarrierUpdateOutcome.Applied;
        }
        else
        {
            RecordLateStep(update);
            outcome = CarrierUpdateOutcome.Stale;
        }
        await Save();
        return new CarrierUpdateResult(outcome, state.State.Status);
    }

    protected override Task OnReminder(string reminderName, TickStatus status) =>
        reminderName == DeadlineReminder ? CheckDeadline() : base.OnReminder(reminderName, status);

    private async Task CheckDeadline()
    {
        if (state.State.Order is null || state.State.Status.IsFinal())
        {
            await StopReminder(DeadlineReminder);
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var due = state.State.LastUpdateAt + _options.UpdateDeadline;
        if (now < due)
        {
            await this.RegisterOrUpdateReminder(DeadlineReminder, due - now, ReminderPeriod(_options.UpdateDeadline));
            return;
        }
        if (state.State.OverdueSince is null)
        {
            state.State.OverdueSince = now;
            Publish(new ShipmentOverdue(ShipmentId, state.State.Status, state.State.LastUpdateAt));
            metrics.Overdue();
            await Persist();
            logger.LogWarning("Shipment {ShipmentId} is overdue: {Status} since {LastUpdateAt}", ShipmentId, state.State.Status, state.State.LastUpdateAt);
        }
        // The alert stands until the shipment moves again; the next change re-arms the deadline.
        await StopReminder(DeadlineReminder);
    }

    private void Move(ShipmentStatus to, DateTimeOffset at, string? location, string source, string? note)
    {
        var from = state.State.Status;
        state.State.Status = to;
        state.State.History.Add(new ShipmentStatusEntry(to, at, location, source, note));
        Touch(DateTimeOffset.UtcNow);
        Publish(new ShipmentStatusChanged(ShipmentId, from, to, at, location, source));
        metrics.StatusChanged(to, source);

        switch (to)
        {
            case ShipmentStatus.Delivered:
                Enqueue(new OrderingCallback(OrderingCallbackKind.Delivered, null, at, null));
                Publish(new ShipmentDelivered(ShipmentId, Order.OrderId, Order.SellerOrderId, at));
                break;
            case ShipmentStatus.DeliveryFailed:
                var reason = note ?? "Delivery failed.";
                state.State.FailureReason = reason;
                Enqueue(new OrderingCallback(OrderingCallbackKind.Failed, null, at, reason));
                Publish(new ShipmentFailed(ShipmentId, Order.OrderId, Order.SellerOrderId, reason));
                break;
            case ShipmentStatus.Cancelled:
                // Ordering asked for it, so no callback goes back.
                Publish(new ShipmentCancelled(ShipmentId, Order.OrderId, Order.SellerOrderId, note ?? "Cancelled."));
                break;
        }
    }

    /// <summary>Any change counts as a sign of life: it restarts the deadline and clears the overdue alert.</summary>
    private void Touch(DateTimeOffset now)
    {
        state.State.LastUpdateAt = now;
        if (state.State.OverdueSince is not null)
        {
            state.State.OverdueSince = null;
            _leftOverdue = true;
        }
    }

    /// <summary>
    /// A carrier event overtaken by a newer one: a step the shipment has passed joins the history in time order, but
    /// nothing ever moves the status back or contradicts an outcome already reached.
    /// </summary>
    private void RecordLateStep(CarrierUpdate update)
    {
        var history = state.State.History;
        if (update.Status.Rank() >= state.State.Status.Rank() || history.Any(h => h.Status == update.Status))
        {
            return;
        }
        var entry = new ShipmentStatusEntry(update.Status, update.OccurredAt, update.Location, "carrier", "reported late by the carrier");
        var index = history.FindLastIndex(h => h.At <= update.OccurredAt) + 1;
        history.Insert(index, entry);
    }

    /// <summary>
    /// A delivered or failed parcel moves money (capture; refund and restock) and a first callback names our tracking
    /// number, so the carrier's own API must hold the event such a callback reports: a callback signed with a leaked
    /// secret cannot make one up. ConflictException (409, the carrier retries a genuine event) otherwise.
    /// </summary>
    private async Task EnsureTheCarrierRecorded(CarrierUpdate update)
    {
        var recorded = await carrier.FindEvent(update.TrackingNumber, update.EventId, CancellationToken.None);
        if (recorded != new CarrierEvent(ShipmentId.ToString("N"), update.Sequence, update.Status))
        {
            logger.LogWarning("Carrier callback {EventId} ({Status}, sequence {Sequence}) for shipment {ShipmentId} is not in the carrier's records",
                update.EventId, update.Status, update.Sequence, ShipmentId);
            throw new ConflictException($"The carrier's records hold no event {update.EventId} ({update.Status}, sequence {update.Sequence}) of shipment {ShipmentId}.");
        }
    }

    private void AdoptTrackingNumber(string trackingNumber)
    {
        state.State.TrackingNumber = trackingNumber;
        state.State.CarrierRegistration = CarrierRegistrationStatus.Registered;
        Enqueue(new OrderingCallback(OrderingCallbackKind.HandedOver, trackingNumber, DateTimeOffset.UtcNow, null));
        Publish(new ShipmentRegisteredWithCarrier(ShipmentId, trackingNumber));
    }

    private async Task Save()
    {
        await Persist();

        if (state.State.Status.IsFinal())
        {
            await StopReminder(DeadlineReminder);
        }
        else
        {
            await this.RegisterOrUpdateReminder(DeadlineReminder, _options.UpdateDeadline, ReminderPeriod(_options.UpdateDeadline));
        }
    }

    /// <summary>Writes the state with its outbox and delivers it, then mirrors the shipment to the indexes.</summary>
    private async Task Persist()
    {
        state.State.Version++;
        await Commit();

        var summary = Summary();
        var indexes = new List<Task>
        {
            Index(ShipmentIndexKey.Seller(summary.SellerId)).Upsert(summary),
            Index(ShipmentIndexKey.Shopper(summary.ShopperId)).Upsert(summary),
            Index(ShipmentIndexKey.ShopperOrder(summary.ShopperId, summary.OrderId)).Upsert(summary),
        };
        if (summary.CourierId is { } courierId)
        {
            indexes.Add(Index(ShipmentIndexKey.Courier(courierId)).Upsert(summary));
        }
        if (_unassignedCourier is { } previousCourier)
        {
            indexes.Add(Index(ShipmentIndexKey.Courier(previousCourier)).Remove(ShipmentId));
        }
        if (summary.OverdueSince is not null)
        {
            indexes.Add(Index(ShipmentIndexKey.Overdue).Upsert(summary));
        }
        else if (_leftOverdue)
        {
            indexes.Add(Index(ShipmentIndexKey.Overdue).Remove(ShipmentId));
        }
        if (summary.Status == ShipmentStatus.HandedOver && state.State.Channel == DeliveryChannel.Courier && summary.CourierId is null)
        {
            indexes.Add(Index(ShipmentIndexKey.AwaitingCourier).Upsert(summary));
        }
        else if (_leftDispatchQueue)
        {
            indexes.Add(Index(ShipmentIndexKey.AwaitingCourier).Remove(ShipmentId));
        }
        await Task.WhenAll(indexes);
        _unassignedCourier = null;
        _leftOverdue = false;
        _leftDispatchQueue = false;
    }

    private void Publish(IDomainEvent domainEvent) => Raise(StreamNames.Shipments, ShipmentId.ToString(), domainEvent);

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
        string trackingNumber;
        try
        {
            trackingNumber = await carrier.Register(ShipmentId, Order.Address, Order.Items, CancellationToken.None);
        }
        catch
        {
            metrics.CarrierRegistrationFailed();
            throw;
        }
        AdoptTrackingNumber(trackingNumber);
        Touch(DateTimeOffset.UtcNow);
        await Persist();
    }

    private async Task Notify(OrderingCallback callback)
    {
        try
        {
            await (callback.Kind switch
            {
                OrderingCallbackKind.HandedOver => ordering.HandedOver(Order.SellerOrderId, ShipmentId, callback.TrackingNumber),
                OrderingCallbackKind.Delivered => ordering.Delivered(Order.SellerOrderId, ShipmentId, callback.At),
                _ => ordering.Failed(Order.SellerOrderId, ShipmentId, callback.Reason ?? "Delivery failed."),
            });
        }
        catch (DomainException ex)
        {
            // A definite refusal (unknown sub-order, a state that forbids it) would be refused again: retrying cannot help.
            logger.LogError(ex, "Ordering refused the {Kind} callback of shipment {ShipmentId}; dropping it", callback.Kind, ShipmentId);
            metrics.CallbackDropped(callback.Kind);
        }
    }

    private static TimeSpan ReminderPeriod(TimeSpan wanted) => wanted < MinimumReminderPeriod ? MinimumReminderPeriod : wanted;

    private void RequireCreated()
    {
        if (state.State.Order is null)
        {
            throw Missing();
        }
    }

    private NotFoundException Missing() => new($"Shipment {ShipmentId} does not exist.");

    private IShipmentIndexGrain Index(string key) => GrainFactory.GetGrain<IShipmentIndexGrain>(key);

    private void RequireParty(ShipmentParty party, Guid partyId)
    {
        var order = Order;
        var isParty = party switch
        {
            ShipmentParty.Seller => order.SellerId == partyId,
            ShipmentParty.Shopper => order.ShopperId == partyId,
            ShipmentParty.Courier => state.State.CourierId == partyId,
            _ => false,
        };
        if (!isParty)
        {
            throw new ForbiddenException(party switch
            {
                ShipmentParty.Courier => $"Shipment {ShipmentId} is not assigned to you.",
                _ => $"Shipment {ShipmentId} belongs to another {party.ToString().ToLowerInvariant()}.",
            });
        }
    }

    private void Validate(CreateShipment command)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.ShipmentId != ShipmentId)
        {
            errors["shipmentId"] = [$"Must be {ShipmentId}, the id the shipment is addressed by."];
        }
        if (command.OrderId == Guid.Empty) errors["orderId"] = ["Required."];
        if (command.SellerOrderId == Guid.Empty) errors["sellerOrderId"] = ["Required."];
        if (command.SellerId == Guid.Empty) errors["sellerId"] = ["Required."];
        if (command.ShopperId == Guid.Empty) errors["shopperId"] = ["Required."];
        if (command.Items is not { Count: > 0 } || command.Items.Any(i => i.Quantity <= 0))
        {
            errors["items"] = ["At least one item, each with a positive quantity."];
        }
        foreach (var (field, error) in DeliveryAddressRules.Errors(command.Address))
        {
            errors[field] = error;
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    private ShipmentSummary Summary()
    {
        var s = state.State;
        var order = Order;
        return new ShipmentSummary(ShipmentId, order.OrderId, order.SellerOrderId, order.SellerId, order.ShopperId, s.Status, s.CourierId,
            s.TrackingNumber, order.Address.City, s.CreatedAt, s.LastUpdateAt, s.OverdueSince);
    }

    private ShipmentView View()
    {
        var s = state.State;
        var order = Order;
        return new ShipmentView(ShipmentId, order.OrderId, order.SellerOrderId, order.SellerId, order.ShopperId, s.Status, s.Channel, s.CourierId,
            s.TrackingNumber, s.CarrierRegistration, s.FailureReason, s.CreatedAt, s.LastUpdateAt, s.OverdueSince, order.Items, order.Address,
            s.History.ToList(), s.Version);
    }
}
