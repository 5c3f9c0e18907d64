namespace Marketplace.Grains.Analytics;

/// <summary>
/// Where analytics rows land: ClickHouse (Marketplace.Stores.ClickHouse, <c>AddClickHouseAnalytics</c>). A row is a
/// record whose members are the table's columns; an instant is written as the table's DateTime.
/// </summary>
public interface IAnalyticsStore
{
    /// <summary>False without a configured server (<see cref="AnalyticsOptions.Url"/>): nothing is written.</summary>
    bool Enabled { get; }

    Task InsertAsync<TRow>(string table, TRow row, CancellationToken cancellationToken = default);
}

/// <summary>The analytics tables: one row per event, a redelivered event collapsed by its id.</summary>
public static class AnalyticsTables
{
    public const string Orders = "orders";
    public const string SellerOrders = "seller_orders";
    public const string Payments = "payments";
    public const string Shipments = "shipments";
    public const string Payouts = "payouts";
    public const string Returns = "returns";
    public const string PromoRedemptions = "promo_redemptions";
}
