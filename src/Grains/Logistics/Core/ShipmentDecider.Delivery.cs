using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Logistics.Events;

namespace Marketplace.Grains.Logistics.Core;

/// <summary>The way to the door: courier steps, carrier callbacks, the carrier's registration and the update deadline.</summary>
public static partial class ShipmentDecider
{
    private static ShipmentDecision CourierStep(ShipmentState state, ApplyCourierStep command)
    {
        ShipmentRules.RequireParty(command.ShipmentId, state, ShipmentParty.Courier, command.CourierId);
        var update = command.Update;
        if (string.IsNullOrWhiteSpace(update.UpdateId) || update.UpdateId.Length > MaxUpdateId)
        {
            throw new ValidationException("updateId", $"Send a unique update id of at most {MaxUpdateId} characters.");
        }
        var location = TextRules.Optional(update.Location, "location", MaxLocation);
        var reason = TextRules.Optional(update.Reason, "reason", MaxReason, multiline: true);
        if (state.CourierUpdates.TryGetValue(update.UpdateId, out var applied))
        {
            return applied == update.Status
                ? ShipmentDecision.Nothing
                : throw new ConflictException($"Update id '{update.UpdateId}' was already used to move the shipment to {applied}.");
        }
        var allowed = state.Status.CourierNextSteps();
        if (!allowed.Contains(update.Status))
        {
            throw new ConflictException(allowed.Count == 0
                ? $"Shipment {command.ShipmentId} is {state.Status}; a courier cannot move it from there."
                : $"Shipment {command.ShipmentId} is {state.Status}; a courier can move it to {string.Join(" or ", allowed)}, not to {update.Status}.");
        }
        if (update.Status == ShipmentStatus.DeliveryFailed && reason is null)
        {
            throw new ValidationException("reason", "Say why the delivery failed.");
        }

        var decision = new ShipmentDecisionBuilder(state);
        decision.Add(new ShipmentChange.CourierStepRecorded(update.UpdateId, update.Status));
        decision.Move(command.ShipmentId, update.Status, command.Now, location, "courier", reason, command.Now);
        return decision.Build();
    }

    /// <summary>
    /// The carrier may skip steps and its callbacks come twice or out of order: a seen event id or sequence is a
    /// duplicate, an event older than the current status only joins the history (stale), nothing moves backwards.
    /// </summary>
    private static ShipmentDecision CarrierEvent(ShipmentState state, ApplyCarrierEvent command)
    {
        ShipmentRules.RequireOpen(command.ShipmentId, state);
        var update = command.Update;
        if (state.Channel != DeliveryChannel.Carrier)
        {
            throw new ConflictException($"Shipment {command.ShipmentId} was not handed over to the carrier.");
        }
        if (state.TrackingNumber is { } tracking && !string.Equals(tracking, update.TrackingNumber, StringComparison.Ordinal))
        {
            throw new ConflictException($"Shipment {command.ShipmentId} has tracking number {tracking}, not {update.TrackingNumber}.");
        }
        if (!update.Status.IsCarrierReportable())
        {
            throw new ValidationException("status", $"A carrier cannot report {update.Status}.");
        }
        if (state.CarrierEventIds.Contains(update.EventId) || state.CarrierSequences.Contains(update.Sequence))
        {
            return ShipmentDecision.Nothing with { CarrierOutcome = CarrierUpdateOutcome.Duplicate };
        }

        var moves = update.Sequence > state.LastCarrierSequence && !state.Status.IsFinal() && update.Status.Rank() > state.Status.Rank();
        var decision = new ShipmentDecisionBuilder(state);
        if ((moves && update.Status is ShipmentStatus.Delivered or ShipmentStatus.DeliveryFailed) || state.TrackingNumber is null)
        {
            decision.CarrierEventToConfirm = update;
        }
        if (state.TrackingNumber is null)
        {
            // Our registration call's answer was lost, but the carrier already works the parcel: its callback tells us the number.
            decision.AdoptTrackingNumber(command.ShipmentId, update.TrackingNumber, command.Now);
        }
        decision.Add(new ShipmentChange.CarrierEventSeen(update.EventId, update.Sequence));
        if (moves)
        {
            var reason = update.Status == ShipmentStatus.DeliveryFailed ? update.Reason ?? CarrierFailureReason : update.Reason;
            decision.Move(command.ShipmentId, update.Status, update.OccurredAt, update.Location, "carrier", reason, command.Now);
            decision.CarrierOutcome = CarrierUpdateOutcome.Applied;
        }
        else
        {
            // Overtaken by a newer event: a step the shipment passed without hearing of it joins the history, an outcome never.
            if (update.Status.Rank() < state.Status.Rank() && state.History.All(h => h.Status != update.Status))
            {
                decision.Add(new ShipmentChange.LateStepInserted(
                    new ShipmentStatusEntry(update.Status, update.OccurredAt, update.Location, "carrier", "reported late by the carrier")));
            }
            decision.CarrierOutcome = CarrierUpdateOutcome.Stale;
        }
        return decision.Build();
    }

    /// <summary>The carrier answered the registration; if its own callback told us the number first, there is nothing left to do.</summary>
    private static ShipmentDecision Registration(ShipmentState state, RecordCarrierRegistration command)
    {
        ShipmentRules.RequireOpen(command.ShipmentId, state);
        if (state.CarrierRegistration != CarrierRegistrationStatus.Pending)
        {
            return ShipmentDecision.Nothing;
        }
        var decision = new ShipmentDecisionBuilder(state);
        decision.AdoptTrackingNumber(command.ShipmentId, command.TrackingNumber, command.Now);
        decision.Add(new ShipmentChange.Touched(command.Now));
        return decision.Build();
    }

    /// <summary>A shipment on its way with no update within the deadline is flagged once; the flag stands until it moves again.</summary>
    private static ShipmentDecision Deadline(ShipmentState state, CheckDeadline command)
    {
        if (state.Order is null || state.Status.IsFinal() || state.OverdueSince is not null
            || command.Now < state.LastUpdateAt + command.UpdateDeadline)
        {
            return ShipmentDecision.Nothing;
        }
        var decision = new ShipmentDecisionBuilder(state);
        decision.Add(new ShipmentChange.OverdueFlagged(command.Now));
        decision.Publish(new ShipmentOverdue(command.ShipmentId, state.Status, state.LastUpdateAt));
        return decision.Build();
    }
}
