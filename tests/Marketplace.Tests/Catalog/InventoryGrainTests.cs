using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Catalog;

[Collection(InMemoryClusterCollection.Name)]
public sealed class InventoryGrainTests(InMemoryCluster fixture)
{
    private IInventoryGrain NewVariant() => fixture.Grains.GetGrain<IInventoryGrain>(InventoryKey.For(Guid.NewGuid(), "SKU-1"));

    [Fact]
    public async Task Racing_orders_for_the_last_units_exactly_the_available_count_wins()
    {
        var inventory = NewVariant();
        await inventory.SetOnHand(7);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            try
            {
                await inventory.Reserve(Guid.NewGuid(), 1);
                return true;
            }
            catch (ConflictException)
            {
                return false;
            }
        }));

        Assert.Equal(7, attempts.Count(won => won));
        Assert.Equal(new StockLevel(7, 7), await inventory.Get());
    }

    [Fact]
    public async Task Each_operation_applies_once_per_order_however_often_it_is_retried()
    {
        var inventory = NewVariant();
        await inventory.SetOnHand(5);
        var order = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => inventory.Reserve(order, 2)));
        Assert.Equal(new StockLevel(5, 2), await inventory.Get());

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => inventory.Commit(order)));
        Assert.Equal(new StockLevel(3, 0), await inventory.Get());
        Assert.Equal(new StockLevel(3, 0), await inventory.Reserve(order, 2));
        Assert.Equal(new StockLevel(3, 0), await inventory.Release(order));

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => inventory.Restock(order, 2)));
        Assert.Equal(new StockLevel(5, 0), await inventory.Get());
        Assert.Equal(new StockLevel(5, 0), await inventory.Commit(order));
    }

    [Fact]
    public async Task Release_returns_units_and_a_second_release_changes_nothing()
    {
        var inventory = NewVariant();
        await inventory.SetOnHand(3);
        var order = Guid.NewGuid();
        await inventory.Reserve(order, 3);
        await Assert.ThrowsAsync<ConflictException>(() => inventory.Reserve(Guid.NewGuid(), 1));

        Assert.Equal(new StockLevel(3, 0), await inventory.Release(order));
        Assert.Equal(new StockLevel(3, 0), await inventory.Release(order));
        await Assert.ThrowsAsync<ConflictException>(() => inventory.Commit(order));
    }

    [Fact]
    public async Task Stock_never_drops_below_what_orders_hold()
    {
        var inventory = NewVariant();
        await inventory.SetOnHand(4);
        await inventory.Reserve(Guid.NewGuid(), 3);

        await Assert.ThrowsAsync<ConflictException>(() => inventory.SetOnHand(2));
        await Assert.ThrowsAsync<ConflictException>(() => inventory.Adjust(-2, "shrinkage-1"));
        await Assert.ThrowsAsync<ValidationException>(() => inventory.Reserve(Guid.NewGuid(), 0));
        Assert.Equal(new StockLevel(3, 3), await inventory.Adjust(-1, "shrinkage-2"));
        Assert.Equal(0, (await inventory.Get()).Available);
    }

    [Fact]
    public async Task An_adjustment_retried_with_its_operation_id_applies_once()
    {
        var inventory = NewVariant();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => inventory.Adjust(10, "delivery-77")));
        await inventory.Adjust(2, "delivery-78");

        Assert.Equal(new StockLevel(12, 0), await inventory.Get());
    }
}
