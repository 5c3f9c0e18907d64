namespace Marketplace.Grains.Payouts;

/// <summary>Bound from the <c>Payouts</c> section (docs/payouts.md), validated when the silo starts.</summary>
public sealed class PayoutsOptions
{
    public const string SectionName = "Payouts";

    /// <summary>The commission where neither a product's category nor any of its ancestors has a rate, in percent.</summary>
    public decimal DefaultCommissionPercent { get; set; } = 10m;

    /// <summary>A seller's available balance below this (major units) waits for a later run.</summary>
    public decimal MinimumPayout { get; set; } = 1m;

    /// <summary>Whether payout runs start on their own every <see cref="ScheduleInterval"/> (operators can always start one).</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>How often a scheduled run starts; runs start at the multiples of it since the Unix epoch (UTC), so every silo agrees on the slot.</summary>
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The first wait before an unanswered payout is sent again; it doubles each time up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Sellers a run takes from the ledger per batch.</summary>
    public int RunBatchSize { get; set; } = 200;

    public IEnumerable<string> Problems()
    {
        if (DefaultCommissionPercent is < 0 or > 100)
        {
            yield return "Payouts:DefaultCommissionPercent is 0 to 100.";
        }
        if (MinimumPayout < 0.01m)
        {
            yield return "Payouts:MinimumPayout is at least 0.01.";
        }
        if (ScheduleInterval < TimeSpan.FromMinutes(1))
        {
            yield return "Payouts:ScheduleInterval is at least one minute (an Orleans reminder's least period).";
        }
        if (FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
        {
            yield return "Payouts:FirstRetryDelay must be positive and MaxRetryDelay at least FirstRetryDelay.";
        }
        if (RunBatchSize is < 1 or > 10_000)
        {
            yield return "Payouts:RunBatchSize is 1 to 10,000.";
        }
    }

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}
