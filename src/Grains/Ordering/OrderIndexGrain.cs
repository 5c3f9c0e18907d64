using Marketplace.Common;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering;

/// <summary>One shopper's or seller's order list. Each row is replaced by the order's latest summary.</summary>
public sealed class OrderIndexGrain(
    [PersistentState("order-index", StorageNames.Orders)] IPersistentState<OrderIndexGrain.IndexState> state) : Grain, IOrderIndexGrain
{
    public async Task Upsert(OrderSummary summary)
    {
        var rows = state.State.Rows;
        var at = rows.FindIndex(r => r.Id == summary.Id);
        if (at >= 0 && rows[at] == summary)
        {
            return;
        }
        if (at >= 0)
        {
            rows[at] = summary;
        }
        else
        {
            rows.Add(summary);
        }
        await state.WriteStateAsync();
    }

    public Task<PagedList<OrderSummary>> List(int page, int pageSize) =>
        Task.FromResult(state.State.Rows.OrderByDescending(r => r.PlacedAt).ThenBy(r => r.Id).ToPage(page, pageSize));

    [GenerateSerializer]
    public sealed class IndexState
    {
        [Id(0)] public List<OrderSummary> Rows { get; set; } = [];
    }
}
