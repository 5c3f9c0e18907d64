namespace Marketplace.Grains.Ordering;

/// <summary>Bound from the <c>Ordering</c> section.</summary>
public sealed class OrderingOptions
{
    public const string SectionName = "Ordering";

    /// <summary>An order whose payment is not authorised this long after it was placed fails, and its stock goes back.</summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often an order waiting on a pending payment asks it again, in case the payment's own word (it tells the
    /// order when it settles) was lost with a silo. The order's outbox reminder is brought forward to it.
    /// </summary>
    public TimeSpan PaymentCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public int MaxLines { get; set; } = 100;
}
