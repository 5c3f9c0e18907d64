namespace Marketplace.Grains.ReadModels;

/// <summary>
/// How long a projection keeps retrying a delivery before it parks it as a dead letter (<c>Projections</c> section).
/// <see cref="RetryBudget"/> stays well under the stream's delivery timeout (the 30 s grain call timeout), so the
/// pulling agent never gives up on a delivery first and drops it.
/// </summary>
public sealed class ProjectionOptions
{
    public const string SectionName = "Projections";

    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one attempt may take before it counts as failed (a hung connection must not eat the budget).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
