namespace Marketplace.Payouts;

/// <summary>An operator's commission rate for a category (a root applies to its leaves unless a leaf has its own).</summary>
[GenerateSerializer, Immutable]
public sealed record CommissionRate(
    [property: Id(0)] string CategoryId,
    [property: Id(1)] decimal Percent,
    [property: Id(2)] DateTimeOffset UpdatedAt);

/// <summary>Every category's rate as configured and the rate that applies where none is (<c>Payouts:DefaultCommissionPercent</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record CommissionRates(
    [property: Id(0)] IReadOnlyList<CommissionRate> Rates,
    [property: Id(1)] decimal DefaultPercent);

/// <summary>The commission rates per category (one grain, key 0), managed by operators and applied when a sub-order is delivered.</summary>
public interface ICommissionRatesGrain : IGrainWithIntegerKey
{
    Task<CommissionRates> Get();

    /// <summary>Sets a category's rate: an existing category, 0 to 100 % with at most two decimals (ValidationException otherwise).</summary>
    Task<CommissionRates> Set(string categoryId, decimal percent);

    /// <summary>Removes a category's own rate (its parent's or the default applies again); NotFoundException when it has none.</summary>
    Task<CommissionRates> Remove(string categoryId);
}
