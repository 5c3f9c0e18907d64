using Marketplace.Common;
using Marketplace.Payouts;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Payouts.Commission;

/// <summary>The operators' commission rates (one grain): a handful of rows, one per category at most, so its state is bounded by the category tree.</summary>
public sealed class CommissionRatesGrain(
    [PersistentState("commission-rates", StorageNames.Payments)] IPersistentState<CommissionRatesGrain.RatesState> state,
    IOptions<PayoutsOptions> options,
    TimeProvider clock) : Grain, ICommissionRatesGrain
{
    public Task<CommissionRates> Get() => Task.FromResult(View());

    public async Task<CommissionRates> Set(string categoryId, decimal percent)
    {
        CommissionPolicy.Validate(categoryId, percent);
        state.State.Rates.RemoveAll(r => r.CategoryId == categoryId);
        state.State.Rates.Add(new CommissionRate(categoryId, percent, clock.GetUtcNow()));
        await state.WriteStateAsync();
        return View();
    }

    public async Task<CommissionRates> Remove(string categoryId)
    {
        if (state.State.Rates.RemoveAll(r => r.CategoryId == categoryId) == 0)
        {
            throw new NotFoundException($"Category {categoryId} has no rate of its own.");
        }
        await state.WriteStateAsync();
        return View();
    }

    private CommissionRates View() =>
        new(state.State.Rates.OrderBy(r => r.CategoryId, StringComparer.Ordinal).ToList(), options.Value.DefaultCommissionPercent);

    [GenerateSerializer]
    public sealed class RatesState
    {
        [Id(0)] public List<CommissionRate> Rates { get; set; } = [];
    }
}
