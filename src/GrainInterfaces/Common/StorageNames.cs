namespace Marketplace.Common;

/// <summary>
/// Names of the grain storage providers. Each name is configured to its own store
/// (see <c>GrainStorage</c> in the silo's appsettings), so a bounded context can move
/// to another database without touching its grains.
/// </summary>
public static class StorageNames
{
    public const string Products = "products";
    public const string Sellers = "sellers";
    public const string Orders = "orders";
    public const string Shipments = "shipments";
    public const string Users = "users";
    public const string Ratings = "ratings";
    public const string Recommendations = "recommendations";
    public const string Payments = "payments";
    public const string Reviews = "reviews";
    public const string Carts = "carts";
    public const string Sessions = "sessions";
    public const string Feed = "feed";
    public const string PubSub = "PubSubStore";
}
