using Marketplace.Cart;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Payments;
using Marketplace.Promotions;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Ordering;

/// <summary>
/// The calls the checkout saga's effects make to the other grains, for one order. Each is idempotent per order
/// (reservations, commits, releases and the payment are keyed by it), so the outbox may make it again after a crash.
/// </summary>
public sealed class CheckoutCalls(IGrainFactory grains, Guid orderId, ILogger logger)
{
    /// <summary>Holds the order's redemption of its promo code, at the discount its lines carry.</summary>
    public async Task<CheckoutCommand> ReserveCode(OrderState state)
    {
        try
        {
            await Code(state).Reserve(orderId, state.ShopperId, state.Lines.Sum(l => l.PromoDiscount), state.PromoVersion);
            return new CodeReserved();
        }
        catch (ConflictException e)
        {
            return new CodeRefused(e.Message);
        }
    }

    public async Task<CheckoutCommand> ReserveStock(OrderState state)
    {
        foreach (var line in state.Lines)
        {
            try
            {
                await Inventory(line).Reserve(orderId, line.Quantity);
            }
            catch (ConflictException e)
            {
                return new StockRefused(line, e.Message);
            }
        }
        return new StockReserved();
    }

    /// <summary>Asks for the authorisation; a repeat reads the payment as it stands.</summary>
    public async Task<CheckoutCommand> Authorise(OrderState state) => new PaymentAnswered(await Payment(state).Authorise(
        new AuthorisePayment(orderId, state.ShopperId, Money.ToMinor(state.Total), state.Currency, state.PaymentMethod)));

    public async Task<CheckoutCommand> Confirm(OrderState state)
    {
        foreach (var line in state.Lines)
        {
            await Inventory(line).Commit(orderId);
        }
        if (state.PromoCode is not null)
        {
            await Code(state).Confirm(orderId);
        }
        foreach (var group in state.Lines.GroupBy(l => l.SellerId))
        {
            await grains.GetGrain<ISellerOrderGrain>(OrderIds.SellerOrder(orderId, group.Key)).Open(new OpenSellerOrder(
                orderId, group.Key, state.ShopperId, state.PaymentId!.Value, group.ToList(), state.Currency, state.Address!, state.PlacedAt, state.PromoCode));
        }
        if (state.CartKey is not null)
        {
            // Emptied only once paid: after a decline the shopper still has the cart to pay with another card.
            await grains.GetGrain<ICartGrain>(state.CartKey).Clear();
        }
        return new OrderConfirmed();
    }

    public async Task<CheckoutCommand> Compensate(OrderState state)
    {
        foreach (var line in state.Lines)
        {
            await Inventory(line).Release(orderId);
        }
        await ReleaseCode(state);
        try
        {
            await Payment(state).Abandon(state.FailureReason ?? "the order did not go through");
        }
        catch (NotFoundException)
        {
            // The payment was never created: nothing is held.
        }
        return new OrderCompensated();
    }

    public async Task<CheckoutCommand> CancelSellerOrders(OrderState state)
    {
        foreach (var sellerOrderId in state.SellerOrderIds)
        {
            try
            {
                await grains.GetGrain<ISellerOrderGrain>(sellerOrderId).Cancel(state.FailureReason ?? "cancelled");
            }
            catch (ConflictException e)
            {
                // Handed over between the check and the cancel: that parcel goes on and is paid on delivery.
                logger.LogWarning("Sub-order {SellerOrder} of cancelled order {Order} could not be cancelled: {Reason}", sellerOrderId, orderId, e.Message);
            }
        }
        await ReleaseCode(state);
        return new SellerOrdersCancelled();
    }

    // Sub-orders exist once the confirming step is over; a paid order being cancelled still has them.
    public async Task<IReadOnlyList<SellerOrderView>> SellerOrders(OrderState state) =>
        state.Step is CheckoutStep.Done or CheckoutStep.CancellingSellerOrders && state.SellerOrderIds.Count > 0
            ? await Task.WhenAll(state.SellerOrderIds.Select(id => grains.GetGrain<ISellerOrderGrain>(id).Get()))
            : [];

    /// <summary>
    /// Asks the shipments as well as the sub-orders: a sub-order learns of its hand-over by a callback that may still
    /// be on its way (the carrier registration pending, say), while the shipment already knows.
    /// </summary>
    public async Task<bool> AnyParcelLeftItsSeller(OrderState state)
    {
        foreach (var sellerOrder in await SellerOrders(state))
        {
            if (sellerOrder.Status is not (SellerOrderStatus.AwaitingShipment or SellerOrderStatus.Cancelled))
            {
                return true;
            }
            try
            {
                var shipment = await grains.GetGrain<IShipmentGrain>(sellerOrder.ShipmentId).Get();
                if (shipment.Status is not (ShipmentStatus.Created or ShipmentStatus.Packed or ShipmentStatus.Cancelled))
                {
                    return true;
                }
            }
            catch (NotFoundException)
            {
                // Not opened yet: nothing can have left.
            }
        }
        return false;
    }

    /// <summary>Gives the order's redemption back to the code's budget; a code it never held changes nothing.</summary>
    private async Task ReleaseCode(OrderState state)
    {
        if (state.PromoCode is not null)
        {
            await Code(state).Release(orderId, state.FailureReason ?? "the order did not go through");
        }
    }

    private IPromoCodeGrain Code(OrderState state) => grains.GetGrain<IPromoCodeGrain>(state.PromoCode!);

    private IInventoryGrain Inventory(OrderLine line) => grains.GetGrain<IInventoryGrain>(InventoryKey.For(line.ProductId, line.Sku));

    private IPaymentGrain Payment(OrderState state) => grains.GetGrain<IPaymentGrain>(state.PaymentId!.Value);
}
