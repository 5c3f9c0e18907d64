namespace Marketplace.Grains.Ordering;

/// <summary>Bound from the <c>Ordering</c> section.</summary>
public sealed class OrderingOptions
{
    public const string SectionName = "Ordering";

    /// <summary>An order whose payment is not authorised this long after it was placed fails, and its stock goes back.</summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Period of the reminder that wakes an unfinished checkout (after a crash, or to check its timeout).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    public int MaxLines { get; set; } = 100;
}
