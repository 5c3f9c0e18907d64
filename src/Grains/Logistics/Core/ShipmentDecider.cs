using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Logistics.Events;

namespace Marketplace.Grains.Logistics.Core;

/// <summary>
/// The shipment lifecycle as a pure function: <c>Decide(state, command)</c> either refuses (a DomainException: 400,
/// 403, 404 or 409 at the gateways) or answers what changes, what is published and what is owed. Statuses only go
/// forward; a repeat of what already happened decides nothing. No I/O, no clock: the command says when it is.
/// </summary>
public static partial class ShipmentDecider
{
    public const string DefaultFailureReason = "Delivery failed.";
    public const string CarrierFailureReason = "The carrier could not deliver the parcel.";
    private const int MaxLocation = 200;
    private const int MaxReason = 500;
    private const int MaxUpdateId = 100;

    public static ShipmentDecision Decide(ShipmentState state, ShipmentCommand command) => command switch
    {
        OpenShipment open => Open(state, open),
        CancelShipment cancel => Cancel(state, cancel),
        PackShipment pack => Pack(state, pack),
        HandOverParcel handOver => HandOver(state, handOver),
        ChooseCourier choose => ChooseCourier(state, choose),
        ApplyCourierStep step => CourierStep(state, step),
        ApplyCarrierEvent carrier => CarrierEvent(state, carrier),
        RecordCarrierRegistration registration => Registration(state, registration),
        CheckDeadline deadline => Deadline(state, deadline),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a shipment command."),
    };

    private static ShipmentDecision Open(ShipmentState state, OpenShipment command)
    {
        Validate(command);
        if (state.Order is { } existing)
        {
            return existing.SellerOrderId == command.Order.SellerOrderId
                ? ShipmentDecision.Nothing
                : throw new ConflictException($"Shipment {command.ShipmentId} already exists for sub-order {existing.SellerOrderId}.");
        }
        var order = command.Order;
        var decision = new ShipmentDecisionBuilder(state);
        decision.Add(new ShipmentChange.Opened(order, command.Now));
        decision.Publish(new ShipmentCreated(command.ShipmentId, order.OrderId, order.SellerOrderId, order.SellerId, order.ShopperId));
        if (order.Return is { } parcel)
        {
            // The logistics flow in reverse: the shopper has the parcel ready, so it starts handed over, to a courier who
            // collects it (the dispatch queue) or to the carrier whose label the shopper takes to a drop-off point.
            decision.Add(new ShipmentChange.ChannelChosen(parcel.Channel));
            decision.Move(command.ShipmentId, ShipmentStatus.HandedOver, command.Now, null, "shopper", $"return to the seller via the {parcel.Channel.ToString().ToLowerInvariant()}", command.Now);
            if (parcel.Channel == DeliveryChannel.Carrier)
            {
                decision.Enqueue(new RegisterWithCarrierEffect());
            }
        }
        return decision.Build();
    }

    private static ShipmentDecision Cancel(ShipmentState state, CancelShipment command)
    {
        ShipmentRules.RequireOpen(command.ShipmentId, state);
        switch (state.Status)
        {
            case ShipmentStatus.Cancelled:
                return ShipmentDecision.Nothing;
            case ShipmentStatus.Created or ShipmentStatus.Packed:
                var decision = new ShipmentDecisionBuilder(state);
                decision.Move(command.ShipmentId, ShipmentStatus.Cancelled, command.Now, null, "ordering", command.Reason, command.Now);
                return decision.Build();
            default:
                throw new ConflictException($"Shipment {command.ShipmentId} is {state.Status}; it has left the seller and can no longer be cancelled.");
        }
    }

    private static ShipmentDecision Pack(ShipmentState state, PackShipment command)
    {
        ShipmentRules.RequireParty(command.ShipmentId, state, ShipmentParty.Seller, command.SellerId);
        var location = TextRules.Optional(command.Location, "location", MaxLocation);
        switch (state.Status)
        {
            case ShipmentStatus.Packed:
                return ShipmentDecision.Nothing;
            case ShipmentStatus.Created:
                var decision = new ShipmentDecisionBuilder(state);
                decision.Move(command.ShipmentId, ShipmentStatus.Packed, command.Now, location, "seller", null, command.Now);
                return decision.Build();
            default:
                throw new ConflictException($"Shipment {command.ShipmentId} is {state.Status}; only a shipment in status Created can be packed.");
        }
    }

    private static ShipmentDecision HandOver(ShipmentState state, HandOverParcel command)
    {
        ShipmentRules.RequireParty(command.ShipmentId, state, ShipmentParty.Seller, command.SellerId);
        var channel = command.HandOver.Channel;
        if (!Enum.IsDefined(channel))
        {
            throw new ValidationException("channel", "Choose Courier or Carrier.");
        }
        var location = TextRules.Optional(command.HandOver.Location, "location", MaxLocation);
        if (state.Channel is { } chosen)
        {
            return chosen == channel
                ? ShipmentDecision.Nothing
                : throw new ConflictException($"Shipment {command.ShipmentId} was already handed over to the {chosen.ToString().ToLowerInvariant()}.");
        }
        if (state.Status != ShipmentStatus.Packed)
        {
            throw new ConflictException(state.Status == ShipmentStatus.Cancelled
                ? $"Shipment {command.ShipmentId} was cancelled with its order; there is nothing to hand over."
                : $"Shipment {command.ShipmentId} is {state.Status}; pack it before handing it over.");
        }

        var decision = new ShipmentDecisionBuilder(state);
        decision.Add(new ShipmentChange.ChannelChosen(channel));
        decision.Move(command.ShipmentId, ShipmentStatus.HandedOver, command.Now, location, "seller", $"to the {channel.ToString().ToLowerInvariant()}", command.Now);
        // The carrier's tracking number comes with its registration; our couriers need none, so ordering hears now.
        decision.Enqueue(channel == DeliveryChannel.Carrier
            ? new RegisterWithCarrierEffect()
            : new OrderingCallback(OrderingCallbackKind.HandedOver, null, command.Now, null));
        return decision.Build();
    }

    private static ShipmentDecision ChooseCourier(ShipmentState state, ChooseCourier command)
    {
        ShipmentRules.RequireOpen(command.ShipmentId, state);
        if (command.CourierId == Guid.Empty)
        {
            throw new ValidationException("courierId", "Name the courier.");
        }
        if (state.Channel != DeliveryChannel.Courier)
        {
            throw new ConflictException(state.Channel is null
                ? $"Shipment {command.ShipmentId} has not been handed over to the courier service yet."
                : $"Shipment {command.ShipmentId} travels with the external carrier; it cannot get a courier.");
        }
        if (state.CourierId == command.CourierId)
        {
            return ShipmentDecision.Nothing;
        }
        if (state.Status != ShipmentStatus.HandedOver)
        {
            throw new ConflictException($"Shipment {command.ShipmentId} is {state.Status}; its courier can only change before pick-up.");
        }

        var decision = new ShipmentDecisionBuilder(state);
        decision.Add(new ShipmentChange.CourierChosen(command.CourierId));
        decision.Add(new ShipmentChange.Touched(command.Now));
        decision.Publish(new ShipmentCourierAssigned(command.ShipmentId, command.CourierId));
        return decision.Build();
    }

    private static void Validate(OpenShipment command)
    {
        var order = command.Order;
        var errors = new Dictionary<string, string[]>();
        if (order.ShipmentId != command.ShipmentId)
        {
            errors["shipmentId"] = [$"Must be {command.ShipmentId}, the id the shipment is addressed by."];
        }
        if (order.OrderId == Guid.Empty) errors["orderId"] = ["Required."];
        if (order.SellerOrderId == Guid.Empty) errors["sellerOrderId"] = ["Required."];
        if (order.SellerId == Guid.Empty) errors["sellerId"] = ["Required."];
        if (order.ShopperId == Guid.Empty) errors["shopperId"] = ["Required."];
        if (order.Return is { } parcel && (parcel.ReturnId == Guid.Empty || !Enum.IsDefined(parcel.Channel)))
        {
            errors["return"] = ["A return parcel names its return and a channel (Courier or Carrier)."];
        }
        if (order.Items is not { Count: > 0 } || order.Items.Any(i => i.Quantity <= 0))
        {
            errors["items"] = ["At least one item, each with a positive quantity."];
        }
        foreach (var (field, error) in DeliveryAddressRules.Errors(order.Address))
        {
            errors[field] = error;
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }
}
