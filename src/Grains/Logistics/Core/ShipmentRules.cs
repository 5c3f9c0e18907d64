using Marketplace.Common;
using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Core;

/// <summary>Who may see and touch a shipment, when its deadline falls, and how it looks to callers.</summary>
public static class ShipmentRules
{
    /// <summary>NotFoundException unless the shipment was opened.</summary>
    public static CreateShipment RequireOpen(Guid shipmentId, ShipmentState state) =>
        state.Order ?? throw new NotFoundException($"Shipment {shipmentId} does not exist.");

    /// <summary>ForbiddenException unless <paramref name="partyId"/> is the shipment's seller, shopper or assigned courier.</summary>
    public static void RequireParty(Guid shipmentId, ShipmentState state, ShipmentParty party, Guid partyId)
    {
        var order = RequireOpen(shipmentId, state);
        var isParty = party switch
        {
            ShipmentParty.Seller => order.SellerId == partyId,
            ShipmentParty.Shopper => order.ShopperId == partyId,
            ShipmentParty.Courier => state.CourierId == partyId,
            _ => false,
        };
        if (!isParty)
        {
            throw new ForbiddenException(party == ShipmentParty.Courier
                ? $"Shipment {shipmentId} is not assigned to you."
                : $"Shipment {shipmentId} belongs to another {party.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>
    /// When the deadline check should next run, from <paramref name="now"/>: never for a shipment not opened, at its
    /// outcome, or already flagged (the flag stands until it moves, and the move re-arms the deadline).
    /// </summary>
    public static TimeSpan? DeadlineCheckIn(ShipmentState state, TimeSpan updateDeadline, DateTimeOffset now)
    {
        if (state.Order is null || state.Status.IsFinal() || state.OverdueSince is not null)
        {
            return null;
        }
        var due = state.LastUpdateAt + updateDeadline - now;
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    public static ShipmentView View(Guid shipmentId, ShipmentState state)
    {
        var order = RequireOpen(shipmentId, state);
        return new ShipmentView(shipmentId, order.OrderId, order.SellerOrderId, order.SellerId, order.ShopperId, state.Status, state.Channel,
            state.CourierId, state.TrackingNumber, state.CarrierRegistration, state.FailureReason, state.CreatedAt, state.LastUpdateAt,
            state.OverdueSince, order.Items, order.Address, state.History.ToList(), state.Version, order.Return);
    }
}
