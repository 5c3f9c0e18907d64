using Marketplace.Common;
using Marketplace.Payments;

namespace Marketplace.Ordering;

/// <summary>
/// A shopper's order (key: <see cref="OrderIds.ForCheckout"/>), which is also its checkout saga: reserve stock,
/// authorise the payment, then confirm the stock and split the order into one sub-order per seller, or on any
/// failure release everything and fail with a reason. Each step is stored before it is taken, and a reminder
/// wakes the order until the saga has ended, so a silo crash only delays it.
/// </summary>
public interface IOrderGrain : IPaymentOwner
{
    /// <summary>
    /// Places the order and runs the saga as far as it goes without waiting (to Paid, Failed, or AwaitingPayment
    /// while the processor is unreachable). Repeating it with the same request returns the same order;
    /// ConflictException when the same idempotency key comes with a different request.
    /// </summary>
    Task<OrderView> Place(PlaceOrder command);

    /// <summary>The order for in-cluster callers; NotFoundException when it was never placed.</summary>
    Task<OrderView> Get();

    /// <summary>The order for its shopper: NotFoundException for anybody else, so ids cannot be probed.</summary>
    Task<OrderView> GetFor(Guid shopperId);

    /// <summary>
    /// Cancels the order before anything shipped: an unpaid order releases its stock and payment, a paid one
    /// cancels every sub-order (stock back, held money released). ConflictException once a parcel has left a seller.
    /// </summary>
    Task<OrderView> Cancel(Guid shopperId, string? reason);
}

/// <summary>One seller's part of an order (key: <see cref="OrderIds.SellerOrder"/>), paid for on delivery.</summary>
public interface ISellerOrderGrain : ISellerOrderShipmentCallbacks
{
    /// <summary>Opens the sub-order of a paid order and its shipment; repeating it returns it unchanged.</summary>
    Task<SellerOrderView> Open(OpenSellerOrder command);

    Task<SellerOrderView> Get();

    /// <summary>The sub-order for its seller; NotFoundException for anybody else.</summary>
    Task<SellerOrderView> GetForSeller(Guid sellerId);

    /// <summary>Cancels before hand-over: stock goes back and the held money is released. ConflictException after.</summary>
    Task<SellerOrderView> Cancel(string reason);
}

/// <summary>
/// A shopper's orders and a seller's sub-orders, newest first, read from their projection tables (docs/checkout-and-payments.md).
/// A stateless worker: use key 0. <c>after</c> is a page's <see cref="PagedList{T}.Next"/> (keyset paging).
/// </summary>
public interface IOrderListsGrain : IGrainWithIntegerKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<OrderSummary>> Shopper(Guid shopperId, int page, int pageSize, string? after = null);

    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<OrderSummary>> Seller(Guid sellerId, int page, int pageSize, string? after = null);
}

public static class OrderIds
{
    private static readonly Guid CheckoutScope = new("6f1d2f6e-3c39-4a53-9a43-0d3f5f6b8c11");

    /// <summary>The order a checkout request creates: the same shopper and idempotency key always name the same order.</summary>
    public static Guid ForCheckout(Guid shopperId, string idempotencyKey) =>
        Common.DeterministicGuid.Create(CheckoutScope, $"{shopperId:N}/{idempotencyKey}");

    public static Guid SellerOrder(Guid orderId, Guid sellerId) => Common.DeterministicGuid.Create(orderId, $"seller/{sellerId:N}");

    public static Guid Payment(Guid orderId) => Common.DeterministicGuid.Create(orderId, "payment");

    public static Guid Shipment(Guid sellerOrderId) => Common.DeterministicGuid.Create(sellerOrderId, "shipment");
}
