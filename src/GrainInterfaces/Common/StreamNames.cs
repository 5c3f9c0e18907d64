namespace Marketplace.Common;

/// <summary>Stream provider and namespaces shared by publishers and subscribers. A stream's key is its aggregate's id.</summary>
public static class StreamNames
{
    /// <summary>The one stream provider: memory streams in the in-memory profile, Kafka otherwise.</summary>
    public const string Provider = "events";

    public const string Products = "products";
    public const string Sellers = "sellers";
    public const string Orders = "orders";
    public const string Payments = "payments";
    public const string Shipments = "shipments";
    public const string Reviews = "reviews";
    public const string Returns = "returns";
    public const string Payouts = "payouts";
    public const string Promotions = "promotions";
    public const string UserActivity = "user-activity";
}
