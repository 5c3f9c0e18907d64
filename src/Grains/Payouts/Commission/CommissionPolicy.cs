using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Payouts;

namespace Marketplace.Grains.Payouts.Commission;

/// <summary>Which rate applies to a category, and what an operator may set.</summary>
public static class CommissionPolicy
{
    /// <summary>The category's own rate, else its nearest ancestor's, else the default.</summary>
    public static decimal PercentFor(CommissionRates rates, string categoryId)
    {
        foreach (var id in Categories.SelfAndAncestors(categoryId))
        {
            if (rates.Rates.FirstOrDefault(r => r.CategoryId == id) is { } rate)
            {
                return rate.Percent;
            }
        }
        return rates.DefaultPercent;
    }

    public static void Validate(string categoryId, decimal percent)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Categories.Exists(categoryId))
        {
            errors["categoryId"] = ["Not a category of the catalog (GET /categories lists them)."];
        }
        if (percent is < 0 or > 100 || decimal.Round(percent, 2) != percent)
        {
            errors["percent"] = ["A rate is 0 to 100 with at most two decimal places."];
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }
}
