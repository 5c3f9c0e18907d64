namespace Marketplace.Grains.Analytics;

/// <summary>
/// The analytics tables in ClickHouse: one row per event. ReplacingMergeTree keyed by event id collapses a redelivered event into
/// one row, so queries read with FINAL and the stream's at-least-once delivery never double-counts.
/// </summary>
internal static class ClickHouseSchema
{
    private const string Orders = AnalyticsTables.Orders;
    private const string SellerOrders = AnalyticsTables.SellerOrders;
    private const string Payments = AnalyticsTables.Payments;
    private const string Shipments = AnalyticsTables.Shipments;
    private const string Payouts = AnalyticsTables.Payouts;
    private const string Returns = AnalyticsTables.Returns;
    private const string PromoRedemptions = AnalyticsTables.PromoRedemptions;

    public static IEnumerable<string> Statements(string database) =>
    [
        $"CREATE DATABASE IF NOT EXISTS {database}",
        $"""
        CREATE TABLE IF NOT EXISTS {database}.{Orders} (
            event_id UUID, type String, occurred_at DateTime('UTC'), occurred_at_us UInt64,
            order_id UUID, shopper_id UUID, status String, total Decimal(18, 2), currency String, reason String
        ) ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(occurred_at) ORDER BY event_id
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {database}.{SellerOrders} (
            event_id UUID, occurred_at DateTime('UTC'),
            seller_order_id UUID, order_id UUID, seller_id UUID, status String, total Decimal(18, 2), currency String
        ) ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(occurred_at) ORDER BY event_id
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {database}.{Payments} (
            event_id UUID, type String, occurred_at DateTime('UTC'),
            payment_id UUID, order_id UUID, outcome String, amount Decimal(18, 2), currency String, decline_code String
        ) ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(occurred_at) ORDER BY event_id
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {database}.{Shipments} (
            event_id UUID, type String, occurred_at DateTime('UTC'),
            shipment_id UUID, order_id UUID, status String, detail String
        ) ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(occurred_at) ORDER BY event_id
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {database}.{Payouts} (
            event_id UUID, type String, occurred_at DateTime('UTC'),
            payout_id UUID, run_id UUID, seller_id UUID, status String, amount Decimal(18, 2), currency String, reason String
        ) ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(occurred_at) ORDER BY event_id
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {database}.{Returns} (
            event_id UUID, type String, occurred_at DateTime('UTC'), return_id UUID, order_id UUID, seller_order_id UUID, seller_id UUID,
            status String, amount Decimal(18, 2), currency String, detail String
        ) ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(occurred_at) ORDER BY event_id
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {database}.{PromoRedemptions} (
            event_id UUID, type String, occurred_at DateTime('UTC'), occurred_at_us UInt64,
            code String, order_id UUID, shopper_id UUID, outcome String, discount Decimal(18, 2), currency String
        ) ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(occurred_at) ORDER BY event_id
        """,
    ];
}
