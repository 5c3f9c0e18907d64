using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Logistics.Events;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Marketplace.Payments.Events;
using Marketplace.Payouts.Events;
using Marketplace.Promotions.Events;

namespace Marketplace.Grains.Analytics;

/// <summary>
/// Lands order, payment, shipment, payout and promo code events in the analytics store (ClickHouse), one row per event, awaited before the
/// delivery completes (a failed insert is retried, then parked as a dead letter; the tables collapse duplicates by event id). Switched off,
/// it takes no namespace.
/// </summary>
public sealed class AnalyticsConsumer(IAnalyticsStore analytics, IGrainFactory grains) : IReadModelProjection
{
    public string Name => "analytics";

    public IReadOnlyCollection<string> StreamNamespaces =>
        analytics.Enabled ? [StreamNames.Orders, StreamNames.Payments, StreamNames.Shipments, StreamNames.Payouts, StreamNames.Promotions] : [];

    public Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken) => LandAsync(envelope).WaitAsync(cancellationToken);

    private async Task LandAsync(EventEnvelope envelope)
    {
        var at = envelope.OccurredAt;
        switch (envelope.Data)
        {
            case OrderPlaced e:
                await Order(envelope, at, e.OrderId, e.ShopperId, OrderStatus.Placed, e.Total, e.Currency, "");
                break;
            case OrderPaid e:
                await Order(envelope, at, e.OrderId, e.ShopperId, OrderStatus.Paid, e.Total, e.Currency, "");
                break;
            case OrderFailed e:
                await Order(envelope, at, e.OrderId, e.ShopperId, OrderStatus.Failed, 0, "", e.Reason);
                break;
            case OrderCancelled e:
                await Order(envelope, at, e.OrderId, e.ShopperId, OrderStatus.Cancelled, 0, "", e.Reason);
                break;
            case SellerOrderStatusChanged e:
                // The event names the sub-order but not its amount; the sub-order's total never changes once opened.
                var subOrder = await grains.GetGrain<ISellerOrderGrain>(e.SellerOrderId).Get();
                await analytics.InsertAsync(AnalyticsTables.SellerOrders, new SellerOrderRow(
                    envelope.EventId, at, e.SellerOrderId, e.OrderId, e.SellerId, e.Status.ToString(), subOrder.Total, subOrder.Currency));
                break;
            case PaymentAuthorised e:
                await Payment(envelope, at, e.PaymentId, e.OrderId, e.AmountMinor, e.Currency, "");
                break;
            case PaymentDeclined e:
                await Payment(envelope, at, e.PaymentId, e.OrderId, 0, "", e.DeclineCode);
                break;
            case PaymentFailed e:
                await Payment(envelope, at, e.PaymentId, e.OrderId, 0, "", e.Reason);
                break;
            case PaymentCaptured e:
                await Payment(envelope, at, e.PaymentId, e.OrderId, e.AmountMinor, e.Currency, "");
                break;
            case PaymentReleased e:
                await Payment(envelope, at, e.PaymentId, e.OrderId, e.AmountMinor, e.Currency, "");
                break;
            case PaymentRefunded e:
                await Payment(envelope, at, e.PaymentId, e.OrderId, e.AmountMinor, e.Currency, "");
                break;
            case ShipmentCreated e:
                await Shipment(envelope, at, e.ShipmentId, e.OrderId, "Created", "");
                break;
            case ShipmentStatusChanged e:
                await Shipment(envelope, at, e.ShipmentId, Guid.Empty, e.To.ToString(), e.Location ?? "");
                break;
            case ShipmentDelivered e:
                await Shipment(envelope, at, e.ShipmentId, e.OrderId, "Delivered", "");
                break;
            case ShipmentFailed e:
                await Shipment(envelope, at, e.ShipmentId, e.OrderId, "Failed", e.Reason);
                break;
            case ShipmentCancelled e:
                await Shipment(envelope, at, e.ShipmentId, e.OrderId, "Cancelled", e.Reason);
                break;
            case ShipmentOverdue e:
                await Shipment(envelope, at, e.ShipmentId, Guid.Empty, e.Status.ToString(), "overdue");
                break;
            case PayoutRequested e:
                await Payout(envelope, at, e.PayoutId, e.RunId, e.SellerId, "Requested", e.AmountMinor, e.Currency, "");
                break;
            case PayoutAttemptFailed e:
                await Payout(envelope, at, e.PayoutId, Guid.Empty, e.SellerId, "AttemptFailed", 0, "", e.Reason);
                break;
            case PayoutIssued e:
                await Payout(envelope, at, e.PayoutId, e.RunId, e.SellerId, "Paid", e.AmountMinor, e.Currency, "");
                break;
            case PayoutFailed e:
                await Payout(envelope, at, e.PayoutId, e.RunId, e.SellerId, "Failed", e.AmountMinor, e.Currency, e.Reason);
                break;
            case PromoCodeReserved e:
                await Redemption(envelope, at, e.Code, e.OrderId, e.ShopperId, e.Discount, e.Currency);
                break;
            case PromoCodeRedeemed e:
                await Redemption(envelope, at, e.Code, e.OrderId, e.ShopperId, e.Discount, e.Currency);
                break;
            case PromoCodeReleased e:
                await Redemption(envelope, at, e.Code, e.OrderId, e.ShopperId, e.Discount, e.Currency);
                break;
        }
    }

    private Task Order(EventEnvelope envelope, DateTimeOffset at, Guid orderId, Guid shopperId, OrderStatus status, decimal total, string currency, string reason) =>
        analytics.InsertAsync(AnalyticsTables.Orders,
            new OrderRow(envelope.EventId, envelope.Type, at, MicrosecondsSinceEpoch(envelope.OccurredAt), orderId, shopperId, status.ToString(), total, currency, reason));

    // DateTime has whole seconds; an order's events within one second are ordered by this.
    private static ulong MicrosecondsSinceEpoch(DateTimeOffset at) => (ulong)((at - DateTimeOffset.UnixEpoch).Ticks / 10);

    // The outcome is the event's name without its prefix: Authorised, Declined, Failed, Captured, Released, Refunded.
    private Task Payment(EventEnvelope envelope, DateTimeOffset at, Guid paymentId, Guid orderId, long amountMinor, string currency, string declineCode) =>
        analytics.InsertAsync(AnalyticsTables.Payments, new PaymentRow(
            envelope.EventId, envelope.Type, at, paymentId, orderId, envelope.Type["Payment".Length..], amountMinor / 100m, currency, declineCode));

    private Task Shipment(EventEnvelope envelope, DateTimeOffset at, Guid shipmentId, Guid orderId, string status, string detail) =>
        analytics.InsertAsync(AnalyticsTables.Shipments, new ShipmentRow(envelope.EventId, envelope.Type, at, shipmentId, orderId, status, detail));

    private Task Payout(EventEnvelope envelope, DateTimeOffset at, Guid payoutId, Guid runId, Guid sellerId, string status, long amountMinor, string currency, string reason) =>
        analytics.InsertAsync(AnalyticsTables.Payouts, new PayoutRow(envelope.EventId, envelope.Type, at, payoutId, runId, sellerId, status, amountMinor / 100m, currency, reason));
    // The outcome is the event's name without its prefix: Reserved, Redeemed, Released.
    private Task Redemption(EventEnvelope envelope, DateTimeOffset at, string code, Guid orderId, Guid shopperId, decimal discount, string currency) =>
        analytics.InsertAsync(AnalyticsTables.PromoRedemptions, new RedemptionRow(envelope.EventId, envelope.Type, at, MicrosecondsSinceEpoch(envelope.OccurredAt),
            code, orderId, shopperId, envelope.Type["PromoCode".Length..], discount, currency));

    private sealed record RedemptionRow(Guid EventId, string Type, DateTimeOffset OccurredAt, ulong OccurredAtUs, string Code, Guid OrderId, Guid ShopperId,
        string Outcome, decimal Discount, string Currency);

    private sealed record OrderRow(Guid EventId, string Type, DateTimeOffset OccurredAt, ulong OccurredAtUs, Guid OrderId, Guid ShopperId, string Status, decimal Total, string Currency, string Reason);

    private sealed record SellerOrderRow(Guid EventId, DateTimeOffset OccurredAt, Guid SellerOrderId, Guid OrderId, Guid SellerId, string Status, decimal Total, string Currency);

    private sealed record PaymentRow(Guid EventId, string Type, DateTimeOffset OccurredAt, Guid PaymentId, Guid OrderId, string Outcome, decimal Amount, string Currency, string DeclineCode);

    private sealed record PayoutRow(Guid EventId, string Type, DateTimeOffset OccurredAt, Guid PayoutId, Guid RunId, Guid SellerId, string Status, decimal Amount, string Currency, string Reason);

    private sealed record ShipmentRow(Guid EventId, string Type, DateTimeOffset OccurredAt, Guid ShipmentId, Guid OrderId, string Status, string Detail);
}
