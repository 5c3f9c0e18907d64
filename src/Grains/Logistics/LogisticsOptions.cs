namespace Marketplace.Grains.Logistics;

/// <summary>Timings of the shipment lifecycle. Bound from the <c>Logistics</c> section.</summary>
public sealed class LogisticsOptions
{
    public const string SectionName = "Logistics";

    /// <summary>A shipment still on its way with no update for this long raises the overdue alert.</summary>
    public TimeSpan UpdateDeadline { get; set; } = TimeSpan.FromHours(24);
}
