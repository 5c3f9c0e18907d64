using System.Text.Json.Serialization;

namespace Marketplace.Grains.Returns;

/// <summary>What a change of mind gets in a category.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeOfMindPolicy>))]
public enum ChangeOfMindPolicy
{
    /// <summary>Approved at once, without the seller.</summary>
    Accept,

    /// <summary>Decided by the seller like a defect.</summary>
    SellerDecides,

    /// <summary>Not returnable without a fault (hygiene goods, say): the request is refused.</summary>
    Refuse,
}

/// <summary>A category's own return rules; what is unset falls back to the parent category's, then to the defaults.</summary>
public sealed class CategoryReturnRules
{
    public TimeSpan? Window { get; set; }

    public ChangeOfMindPolicy? ChangeOfMind { get; set; }
}

/// <summary>Bound from the <c>Returns</c> section (docs/returns.md).</summary>
public sealed class ReturnsOptions
{
    public const string SectionName = "Returns";

    /// <summary>How long after delivery a shopper may ask to return goods.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(14);

    public ChangeOfMindPolicy ChangeOfMind { get; set; } = ChangeOfMindPolicy.Accept;

    /// <summary>Per category id (a leaf such as <c>electronics/phones</c> or a parent such as <c>beauty</c>).</summary>
    public Dictionary<string, CategoryReturnRules> Categories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long the seller has to approve or reject; after it the return is approved.</summary>
    public TimeSpan SellerDecisionWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often a return whose refund the payment is still retrying (the processor is down) asks it again.</summary>
    public TimeSpan RefundCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after the processor refused a refund attempt, doubling per attempt up to <see cref="MaxRefundRetryDelay"/>.</summary>
    public TimeSpan FirstRefundRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRefundRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Return parcels that could not be collected before the return gives up (rejected, with the reason).</summary>
    public int MaxParcelAttempts { get; set; } = 3;

    /// <summary>The window and change-of-mind rule of a category: its own, else its nearest ancestor's, else the defaults.</summary>
    public (TimeSpan Window, ChangeOfMindPolicy ChangeOfMind) RulesFor(string category)
    {
        TimeSpan? window = null;
        ChangeOfMindPolicy? changeOfMind = null;
        foreach (var id in Marketplace.Catalog.Categories.SelfAndAncestors(category))
        {
            if (Categories.TryGetValue(id, out var rules))
            {
                window ??= rules.Window;
                changeOfMind ??= rules.ChangeOfMind;
            }
        }
        return (window ?? Window, changeOfMind ?? ChangeOfMind);
    }

    public TimeSpan RefundRetryDelay(int failedAttempts)
    {
        var delay = FirstRefundRetryDelay * Math.Pow(2, Math.Min(Math.Max(failedAttempts - 1, 0), 20));
        return delay < MaxRefundRetryDelay ? delay : MaxRefundRetryDelay;
    }

    /// <summary>Every problem of the settings, for the start-up validation.</summary>
    public IEnumerable<string> Problems()
    {
        if (Window <= TimeSpan.Zero) yield return "Returns:Window must be positive.";
        if (SellerDecisionWindow <= TimeSpan.Zero) yield return "Returns:SellerDecisionWindow must be positive.";
        if (RefundCheckInterval <= TimeSpan.Zero) yield return "Returns:RefundCheckInterval must be positive.";
        if (FirstRefundRetryDelay <= TimeSpan.Zero || MaxRefundRetryDelay < FirstRefundRetryDelay)
            yield return "Returns:FirstRefundRetryDelay must be positive and at most Returns:MaxRefundRetryDelay.";
        if (MaxParcelAttempts < 1) yield return "Returns:MaxParcelAttempts must be at least 1.";
        foreach (var (category, rules) in Categories)
        {
            if (!Marketplace.Catalog.Categories.Exists(category)) yield return $"Returns:Categories:{category} is not a category.";
            if (rules.Window is { } window && window <= TimeSpan.Zero) yield return $"Returns:Categories:{category}:Window must be positive.";
            if (rules.ChangeOfMind is { } policy && !Enum.IsDefined(policy)) yield return $"Returns:Categories:{category}:ChangeOfMind is not a policy.";
        }
    }
}
