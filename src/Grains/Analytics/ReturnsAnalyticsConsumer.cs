using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Returns;
using Marketplace.Returns.Events;

namespace Marketplace.Grains.Analytics;

/// <summary>
/// Lands return and refund events in the analytics store's <c>returns</c> table (ClickHouse), one row per event, awaited before the delivery
/// completes (a failed insert is retried, then parked as a dead letter; the table collapses duplicates by event id). Amounts in major units. Switched off, it takes no namespace.
/// </summary>
public sealed class ReturnsAnalyticsConsumer(IAnalyticsStore analytics) : IReadModelProjection
{
    public string Name => "returns-analytics";

    public IReadOnlyCollection<string> StreamNamespaces => analytics.Enabled ? [StreamNames.Returns] : [];

    public Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken) =>
        Row(envelope) is { } row ? analytics.InsertAsync(AnalyticsTables.Returns, row, cancellationToken) : Task.CompletedTask;

    private static ReturnRow? Row(EventEnvelope envelope)
    {
        var at = envelope.OccurredAt;
        ReturnRow Of(Guid returnId, Guid orderId, Guid sellerOrderId, Guid sellerId, ReturnStatus status, long amountMinor, string currency, string? detail) =>
            new(envelope.EventId, envelope.Type, at, returnId, orderId, sellerOrderId, sellerId, status.ToString(), amountMinor / 100m, currency, detail ?? "");
        return envelope.Data switch
        {
            ReturnRequested e => Of(e.ReturnId, e.OrderId, e.SellerOrderId, e.SellerId, ReturnStatus.Requested, e.AmountMinor, e.Currency, e.Reason.ToString()),
            ReturnApproved e => Of(e.ReturnId, e.OrderId, e.SellerOrderId, e.SellerId, ReturnStatus.Approved, 0, "", e.DecidedBy.ToString()),
            ReturnRejected e => Of(e.ReturnId, e.OrderId, e.SellerOrderId, e.SellerId, ReturnStatus.Rejected, 0, "", e.Reason),
            ReturnStatusChanged e => Of(e.ReturnId, e.OrderId, e.SellerOrderId, e.SellerId, e.Status, 0, "", e.Note),
            ReturnReceived e => Of(e.ReturnId, e.OrderId, e.SellerOrderId, e.SellerId, ReturnStatus.Received, 0, "", e.Resellable ? "resellable" : "not resellable"),
            RefundIssued e => Of(e.ReturnId, e.OrderId, e.SellerOrderId, e.SellerId, ReturnStatus.Refunded, e.AmountMinor, e.Currency, e.RefundId.ToString()),
            RefundFailed e => Of(e.ReturnId, e.OrderId, e.SellerOrderId, e.SellerId, ReturnStatus.RefundFailed, e.AmountMinor, e.Currency, e.Reason),
            _ => null,
        };
    }

    private sealed record ReturnRow(Guid EventId, string Type, DateTimeOffset OccurredAt, Guid ReturnId, Guid OrderId, Guid SellerOrderId, Guid SellerId,
        string Status, decimal Amount, string Currency, string Detail);
}
