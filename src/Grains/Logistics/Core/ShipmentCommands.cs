using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Core;

/// <summary>
/// What may be asked of a shipment, each addressed to one shipment at one instant (the shell's clock), so that
/// <see cref="ShipmentDecider"/> needs nothing from outside the command and the state.
/// </summary>
public abstract record ShipmentCommand(Guid ShipmentId, DateTimeOffset Now);

/// <summary>Ordering opens the shipment of a paid sub-order.</summary>
public sealed record OpenShipment(Guid ShipmentId, DateTimeOffset Now, CreateShipment Order) : ShipmentCommand(ShipmentId, Now);

/// <summary>Ordering withdraws the parcel of a cancelled sub-order.</summary>
public sealed record CancelShipment(Guid ShipmentId, DateTimeOffset Now, string Reason) : ShipmentCommand(ShipmentId, Now);

public sealed record PackShipment(Guid ShipmentId, DateTimeOffset Now, Guid SellerId, string? Location) : ShipmentCommand(ShipmentId, Now);

public sealed record HandOverParcel(Guid ShipmentId, DateTimeOffset Now, Guid SellerId, HandOverShipment HandOver) : ShipmentCommand(ShipmentId, Now);

/// <summary>A dispatcher gives the parcel to a courier.</summary>
public sealed record ChooseCourier(Guid ShipmentId, DateTimeOffset Now, Guid CourierId) : ShipmentCommand(ShipmentId, Now);

public sealed record ApplyCourierStep(Guid ShipmentId, DateTimeOffset Now, Guid CourierId, CourierUpdate Update) : ShipmentCommand(ShipmentId, Now);

/// <summary>A carrier callback, already authenticated by the webhook.</summary>
public sealed record ApplyCarrierEvent(Guid ShipmentId, DateTimeOffset Now, CarrierUpdate Update) : ShipmentCommand(ShipmentId, Now);

/// <summary>The carrier answered our registration with its tracking number.</summary>
public sealed record RecordCarrierRegistration(Guid ShipmentId, DateTimeOffset Now, string TrackingNumber) : ShipmentCommand(ShipmentId, Now);

/// <summary>The deadline reminder fired: flag the shipment if it had no update within <paramref name="UpdateDeadline"/>.</summary>
public sealed record CheckDeadline(Guid ShipmentId, DateTimeOffset Now, TimeSpan UpdateDeadline) : ShipmentCommand(ShipmentId, Now);
