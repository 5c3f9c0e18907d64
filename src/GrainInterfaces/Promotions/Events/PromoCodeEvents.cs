using Marketplace.Common;

namespace Marketplace.Promotions.Events;

/// <summary>A code was created, edited, disabled or enabled; <paramref name="Revision"/> counts every change of the code (projections keep the highest).</summary>
[GenerateSerializer, Immutable]
public sealed record PromoCodeChanged(
    [property: Id(0)] PromoCodeView Code,
    [property: Id(1)] long Revision) : IDomainEvent;

/// <summary>An order placed with the code holds one of its redemptions (<paramref name="Discount"/> off, funded by the platform) while it is paid.</summary>
[GenerateSerializer, Immutable]
public sealed record PromoCodeReserved(
    [property: Id(0)] string Code,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid ShopperId,
    [property: Id(3)] decimal Discount,
    [property: Id(4)] string Currency,
    [property: Id(5)] int Redeemed,
    [property: Id(6)] int Reserved,
    [property: Id(7)] long Revision) : IDomainEvent;

/// <summary>The order was paid: its redemption counts against the budget for good (unless the order is cancelled).</summary>
[GenerateSerializer, Immutable]
public sealed record PromoCodeRedeemed(
    [property: Id(0)] string Code,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid ShopperId,
    [property: Id(3)] decimal Discount,
    [property: Id(4)] string Currency,
    [property: Id(5)] int Redeemed,
    [property: Id(6)] int Reserved,
    [property: Id(7)] long Revision) : IDomainEvent;

/// <summary>The order failed or was cancelled: its redemption went back to the budget.</summary>
[GenerateSerializer, Immutable]
public sealed record PromoCodeReleased(
    [property: Id(0)] string Code,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid ShopperId,
    [property: Id(3)] decimal Discount,
    [property: Id(4)] string Currency,
    [property: Id(5)] int Redeemed,
    [property: Id(6)] int Reserved,
    [property: Id(7)] long Revision,
    [property: Id(8)] string Reason) : IDomainEvent;
