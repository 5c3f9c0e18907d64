using Marketplace.Common;
using Marketplace.Grains.Catalog;
using State = Marketplace.Grains.Catalog.InventoryGrain.InventoryState;

namespace Marketplace.Core.Tests.Catalog;

/// <summary>One variant's stock without a cluster: reservations, sales, returns, stock-takes and their bounds.</summary>
public sealed class InventoryCoreTests
{
    private const string Sku = "LAMP-1";
    private const int RememberedCommits = 4;

    private static IReadOnlyList<InventoryEvent> Run(State state, InventoryCommand command)
    {
        var events = InventoryCore.Decide(state, Sku, command);
        foreach (var happened in events)
        {
            InventoryCore.Apply(state, happened, RememberedCommits);
        }
        return events;
    }

    private static State WithOnHand(int onHand)
    {
        var state = new State();
        Run(state, new SetOnHand(onHand));
        return state;
    }

    [Fact]
    public void A_reservation_holds_units_a_repeat_holds_nothing_more_and_a_different_quantity_conflicts()
    {
        var state = WithOnHand(5);
        var order = Guid.NewGuid();

        Assert.IsType<StockReserved>(Assert.Single(Run(state, new ReserveStock(order, 3))));
        Assert.Empty(Run(state, new ReserveStock(order, 3)));
        Assert.Throws<ConflictException>(() => Run(state, new ReserveStock(order, 2)));

        Assert.Equal((5, 3, 2), (InventoryCore.Level(state).OnHand, InventoryCore.Level(state).Reserved, InventoryCore.Level(state).Available));
        Assert.Equal(2, state.Revision);
    }

    [Fact]
    public void No_reservation_takes_more_than_is_free_and_a_quantity_must_be_positive()
    {
        var state = WithOnHand(5);
        Run(state, new ReserveStock(Guid.NewGuid(), 4));

        var refused = Assert.Throws<ConflictException>(() => Run(state, new ReserveStock(Guid.NewGuid(), 2)));
        Assert.Contains("Only 1 units", refused.Message);
        Assert.Throws<ValidationException>(() => Run(state, new ReserveStock(Guid.NewGuid(), 0)));
        Assert.IsType<StockReserved>(Assert.Single(Run(state, new ReserveStock(Guid.NewGuid(), 1))));
        Assert.Equal(0, InventoryCore.Level(state).Available);
    }

    [Fact]
    public void A_commit_sells_the_hold_once_a_release_after_it_changes_nothing_and_a_restock_returns_it_once()
    {
        var state = WithOnHand(5);
        var order = Guid.NewGuid();
        Assert.Throws<ConflictException>(() => Run(state, new CommitReservation(order)));
        Assert.Empty(Run(state, new ReleaseReservation(order)));
        Run(state, new ReserveStock(order, 2));

        Assert.IsType<ReservationCommitted>(Assert.Single(Run(state, new CommitReservation(order))));
        Assert.Empty(Run(state, new CommitReservation(order)));
        Assert.Empty(Run(state, new ReleaseReservation(order)));
        Assert.Empty(Run(state, new ReserveStock(order, 2)));
        Assert.Equal((3, 0), (InventoryCore.Level(state).OnHand, InventoryCore.Level(state).Reserved));

        Assert.IsType<OrderRestocked>(Assert.Single(Run(state, new RestockOrder(order, 2))));
        Assert.Empty(Run(state, new RestockOrder(order, 2)));
        Assert.Empty(Run(state, new CommitReservation(order)));
        Assert.Empty(Run(state, new ReserveStock(order, 2)));
        Assert.Equal(5, InventoryCore.Level(state).OnHand);
    }

    [Fact]
    public void A_released_hold_frees_its_units()
    {
        var state = WithOnHand(2);
        var order = Guid.NewGuid();
        Run(state, new ReserveStock(order, 2));

        Assert.IsType<ReservationReleased>(Assert.Single(Run(state, new ReleaseReservation(order))));

        Assert.Equal(2, InventoryCore.Level(state).Available);
    }

    [Fact]
    public void A_stock_take_stays_within_bounds_and_never_below_the_reserved_units()
    {
        var state = WithOnHand(5);
        Run(state, new ReserveStock(Guid.NewGuid(), 3));

        Assert.Throws<ConflictException>(() => Run(state, new SetOnHand(2)));
        Assert.Throws<ValidationException>(() => Run(state, new SetOnHand(-1)));
        Assert.Throws<ValidationException>(() => Run(state, new SetOnHand(Amounts.MaxStock + 1)));
        Assert.Empty(Run(state, new SetOnHand(5)));
        Assert.IsType<OnHandSet>(Assert.Single(Run(state, new SetOnHand(3))));
        Assert.Equal(0, InventoryCore.Level(state).Available);
    }

    [Fact]
    public void An_adjustment_counts_once_per_operation_and_stays_within_bounds()
    {
        var state = WithOnHand(5);
        Run(state, new ReserveStock(Guid.NewGuid(), 2));

        Assert.IsType<StockAdjusted>(Assert.Single(Run(state, new AdjustStock(4, "delivery-1"))));
        Assert.Empty(Run(state, new AdjustStock(4, "delivery-1")));
        Assert.Equal(9, state.OnHand);
        Assert.Throws<ValidationException>(() => Run(state, new AdjustStock(1, " ")));
        Assert.Throws<ValidationException>(() => Run(state, new AdjustStock(Amounts.MaxStock, "too-many")));
        Assert.Throws<ConflictException>(() => Run(state, new AdjustStock(-8, "shrinkage")));
        Assert.IsType<StockAdjusted>(Assert.Single(Run(state, new AdjustStock(-7, "shrinkage"))));
        Assert.Equal(0, InventoryCore.Level(state).Available);
    }

    [Fact]
    public void Only_the_latest_adjustments_are_remembered()
    {
        var state = WithOnHand(0);
        for (var i = 0; i <= InventoryCore.RememberedAdjustments; i++)
        {
            Run(state, new AdjustStock(1, $"op-{i}"));
        }

        Assert.Equal(InventoryCore.RememberedAdjustments, state.Adjustments.Count);
        Assert.IsType<StockAdjusted>(Assert.Single(Run(state, new AdjustStock(1, "op-0"))));
        Assert.Empty(Run(state, new AdjustStock(1, $"op-{InventoryCore.RememberedAdjustments}")));
    }

    [Fact]
    public void The_stock_keeps_no_record_per_sale_only_a_window_of_recent_commits_that_answers_their_retries()
    {
        var state = WithOnHand(100);
        var orders = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();
        foreach (var order in orders)
        {
            Run(state, new ReserveStock(order, 1));
            Run(state, new CommitReservation(order));
        }

        Assert.Equal(RememberedCommits, state.RecentCommits.Count);
        Assert.Empty(Run(state, new CommitReservation(orders[^1])));
        Assert.Empty(Run(state, new ReserveStock(orders[^1], 1)));
        Assert.Throws<ConflictException>(() => Run(state, new CommitReservation(orders[0])));
        Assert.Equal((90, 0), (InventoryCore.Level(state).OnHand, InventoryCore.Level(state).Reserved));
    }

    [Fact]
    public void A_restock_puts_back_what_the_sub_order_says_once_and_within_bounds()
    {
        var state = WithOnHand(Amounts.MaxStock - 2);
        var order = Guid.NewGuid();

        Assert.Throws<ValidationException>(() => Run(state, new RestockOrder(order, 0)));
        Assert.Throws<ConflictException>(() => Run(state, new RestockOrder(order, 3)));
        Assert.IsType<OrderRestocked>(Assert.Single(Run(state, new RestockOrder(order, 2))));
        Assert.Empty(Run(state, new RestockOrder(order, 2)));
        Assert.Equal(Amounts.MaxStock, state.OnHand);
    }
}
