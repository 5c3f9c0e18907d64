using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Core;

/// <summary>
/// Folds a <see cref="ShipmentChange"/> into a shipment's state: a new state is returned and the given one is left as
/// it was. The outbox is the shell's and is carried over as the same object; <see cref="ShipmentState.Version"/> counts
/// the shell's writes and is not touched here.
/// </summary>
public static class ShipmentEvolution
{
    public static ShipmentState Apply(ShipmentState state, ShipmentChange change)
    {
        var next = Copy(state);
        switch (change)
        {
            case ShipmentChange.Opened opened:
                next.Order = opened.Order;
                next.Status = ShipmentStatus.Created;
                next.CreatedAt = opened.At;
                next.LastUpdateAt = opened.At;
                next.History.Add(new ShipmentStatusEntry(ShipmentStatus.Created, opened.At, null, "ordering", null));
                break;
            case ShipmentChange.Moved moved:
                next.Status = moved.To;
                next.History.Add(new ShipmentStatusEntry(moved.To, moved.At, moved.Location, moved.Source, moved.Note));
                if (moved.To == ShipmentStatus.DeliveryFailed)
                {
                    next.FailureReason = moved.Note ?? ShipmentDecider.DefaultFailureReason;
                }
                break;
            case ShipmentChange.Touched touched:
                next.LastUpdateAt = touched.At;
                next.OverdueSince = null;
                break;
            case ShipmentChange.ChannelChosen chosen:
                next.Channel = chosen.Channel;
                next.CarrierRegistration = chosen.Channel == DeliveryChannel.Carrier ? CarrierRegistrationStatus.Pending : null;
                break;
            case ShipmentChange.CourierChosen courier:
                next.CourierId = courier.CourierId;
                break;
            case ShipmentChange.CourierStepRecorded step:
                next.CourierUpdates[step.UpdateId] = step.Status;
                break;
            case ShipmentChange.CarrierEventSeen seen:
                next.CarrierEventIds.Add(seen.EventId);
                next.CarrierSequences.Add(seen.Sequence);
                next.LastCarrierSequence = Math.Max(next.LastCarrierSequence, seen.Sequence);
                break;
            case ShipmentChange.LateStepInserted late:
                next.History.Insert(next.History.FindLastIndex(h => h.At <= late.Entry.At) + 1, late.Entry);
                break;
            case ShipmentChange.TrackingNumberAdopted adopted:
                next.TrackingNumber = adopted.TrackingNumber;
                next.CarrierRegistration = CarrierRegistrationStatus.Registered;
                break;
            case ShipmentChange.OverdueFlagged flagged:
                next.OverdueSince = flagged.At;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, "Not a shipment change.");
        }
        return next;
    }

    private static ShipmentState Copy(ShipmentState state) => new()
    {
        Order = state.Order,
        Status = state.Status,
        Channel = state.Channel,
        CourierId = state.CourierId,
        TrackingNumber = state.TrackingNumber,
        CarrierRegistration = state.CarrierRegistration,
        FailureReason = state.FailureReason,
        CreatedAt = state.CreatedAt,
        LastUpdateAt = state.LastUpdateAt,
        OverdueSince = state.OverdueSince,
        History = [.. state.History],
        Version = state.Version,
        CourierUpdates = new Dictionary<string, ShipmentStatus>(state.CourierUpdates, StringComparer.Ordinal),
        CarrierSequences = [.. state.CarrierSequences],
        LastCarrierSequence = state.LastCarrierSequence,
        Outbox = state.Outbox,
        CarrierEventIds = [.. state.CarrierEventIds],
    };
}
