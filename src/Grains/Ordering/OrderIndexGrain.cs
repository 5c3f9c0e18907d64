using Marketplace.Common;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering;

/// <summary>One shopper's or seller's order list. Each row is replaced by the order's latest summary.</summary>
public sealed class OrderIndexGrain(
    [PersistentState("order-index", StorageNames.Orders)] IPersistentState<OrderIndexGrain.IndexState> state) : Grain, IOrderIndexGrain
{
    public const int MaxPageSize = 100;

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

    public Task<OrderPage> List(int page, int pageSize)
    {
        if (page < 1)
        {
            throw new ValidationException("page", "The page starts at 1.");
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new ValidationException("pageSize", $"The page size is 1 to {MaxPageSize}.");
        }
        var rows = state.State.Rows;
        var items = rows.OrderByDescending(r => r.PlacedAt).ThenBy(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return Task.FromResult(new OrderPage(items, page, pageSize, rows.Count));
    }

    [GenerateSerializer]
    public sealed class IndexState
    {
        [Id(0)] public List<OrderSummary> Rows { get; set; } = [];
    }
}
