using Marketplace.Catalog;
using Marketplace.Common;
using State = Marketplace.Grains.Catalog.InventoryGrain.InventoryState;

namespace Marketplace.Grains.Catalog;

/// <summary>What may be asked of one variant's stock.</summary>
public abstract record InventoryCommand;

public sealed record ReserveStock(Guid OrderId, int Quantity) : InventoryCommand;

public sealed record CommitReservation(Guid OrderId) : InventoryCommand;

public sealed record ReleaseReservation(Guid OrderId) : InventoryCommand;

/// <summary>Puts back the units a sub-order sold (its cancellation or a failed delivery); the sub-order knows how many.</summary>
public sealed record RestockOrder(Guid OrderId, int Quantity) : InventoryCommand;

public sealed record SetOnHand(int OnHand) : InventoryCommand;

public sealed record AdjustStock(int Delta, string OperationId) : InventoryCommand;

/// <summary>What happened to the stock; each one is a new revision.</summary>
public abstract record InventoryEvent;

public sealed record StockReserved(Guid OrderId, int Quantity) : InventoryEvent;

public sealed record ReservationCommitted(Guid OrderId, int Quantity) : InventoryEvent;

public sealed record ReservationReleased(Guid OrderId) : InventoryEvent;

public sealed record OrderRestocked(Guid OrderId, int Quantity) : InventoryEvent;

public sealed record OnHandSet(int OnHand) : InventoryEvent;

public sealed record StockAdjusted(int Delta, string OperationId) : InventoryEvent;

/// <summary>
/// The stock rules of one variant, without I/O: no reservation takes more than is free, on-hand never goes below the
/// reserved units nor above <see cref="Amounts.MaxStock"/>, and a repeat (same order, same operation id) decides nothing.
/// The state holds the open reservations and bounded windows of recent commits and operations, never a record per
/// sale: a SKU sold a million times stores what one sold once does.
/// </summary>
public static class InventoryCore
{
    /// <summary>Enough to recognise a retried adjustment; an older retry is a caller bug, not a network hiccup.</summary>
    public const int RememberedAdjustments = 256;

    public static StockLevel Level(State state) => new(state.OnHand, state.Reservations.Values.Sum());

    public static IReadOnlyList<InventoryEvent> Decide(State state, string sku, InventoryCommand command) => command switch
    {
        ReserveStock c => Reserve(state, sku, c),
        CommitReservation c => state.RecentCommits.Contains(c.OrderId)
            ? []
            : state.Reservations.TryGetValue(c.OrderId, out var held)
                ? [new ReservationCommitted(c.OrderId, held)]
                : throw new ConflictException($"Order {c.OrderId} holds no units of {sku} to commit."),
        ReleaseReservation c => state.Reservations.ContainsKey(c.OrderId) ? [new ReservationReleased(c.OrderId)] : [],
        RestockOrder c => Restock(state, sku, c),
        SetOnHand c => Set(state, sku, c),
        AdjustStock c => Adjust(state, sku, c),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not an inventory command."),
    };

    /// <summary>The operation id a restock is remembered by, among the adjustments: both put units back once.</summary>
    public static string RestockOperation(Guid orderId) => $"restock:{orderId:N}";

    public static void Apply(State state, InventoryEvent happened, int rememberedCommits)
    {
        switch (happened)
        {
            case StockReserved reserved:
                state.Reservations[reserved.OrderId] = reserved.Quantity;
                break;
            case ReservationCommitted committed:
                state.Reservations.Remove(committed.OrderId);
                state.OnHand -= committed.Quantity;
                Remember(state.RecentCommits, committed.OrderId, rememberedCommits);
                break;
            case ReservationReleased released:
                state.Reservations.Remove(released.OrderId);
                break;
            case OrderRestocked restocked:
                state.OnHand += restocked.Quantity;
                Remember(state.Adjustments, RestockOperation(restocked.OrderId), RememberedAdjustments);
                break;
            case OnHandSet set:
                state.OnHand = set.OnHand;
                break;
            case StockAdjusted adjusted:
                state.OnHand += adjusted.Delta;
                Remember(state.Adjustments, adjusted.OperationId, RememberedAdjustments);
                break;
        }
        state.Revision++;
    }

    private static void Remember<T>(Queue<T> window, T item, int capacity)
    {
        window.Enqueue(item);
        while (window.Count > capacity)
        {
            window.Dequeue();
        }
    }

    private static IReadOnlyList<InventoryEvent> Reserve(State state, string sku, ReserveStock c)
    {
        if (c.Quantity <= 0)
        {
            throw new ValidationException("quantity", "The quantity must be positive.");
        }
        if (state.Reservations.TryGetValue(c.OrderId, out var held))
        {
            return held == c.Quantity ? [] : throw new ConflictException($"Order {c.OrderId} already holds {held} units of {sku}, not {c.Quantity}.");
        }
        if (state.RecentCommits.Contains(c.OrderId))
        {
            return [];
        }
        var available = Level(state).Available;
        return available >= c.Quantity
            ? [new StockReserved(c.OrderId, c.Quantity)]
            : throw new ConflictException($"Only {available} units of {sku} are available, {c.Quantity} requested.");
    }

    private static IReadOnlyList<InventoryEvent> Restock(State state, string sku, RestockOrder c)
    {
        if (c.Quantity is <= 0 or > Amounts.MaxStock)
        {
            throw new ValidationException("quantity", $"A restock puts back between 1 and {Amounts.MaxStock} units.");
        }
        if (state.Adjustments.Contains(RestockOperation(c.OrderId)))
        {
            return [];
        }
        return (long)state.OnHand + c.Quantity > Amounts.MaxStock
            ? throw new ConflictException($"Restocking {c.Quantity} units of {sku} would leave more than {Amounts.MaxStock} on hand.")
            : [new OrderRestocked(c.OrderId, c.Quantity)];
    }

    private static IReadOnlyList<InventoryEvent> Set(State state, string sku, SetOnHand c)
    {
        if (Amounts.StockError(c.OnHand) is { } error)
        {
            throw new ValidationException("onHand", error);
        }
        var reserved = Level(state).Reserved;
        if (c.OnHand < reserved)
        {
            throw new ConflictException($"{reserved} units of {sku} are reserved by orders; on-hand cannot go below that.");
        }
        return c.OnHand == state.OnHand ? [] : [new OnHandSet(c.OnHand)];
    }

    private static IReadOnlyList<InventoryEvent> Adjust(State state, string sku, AdjustStock c)
    {
        if (string.IsNullOrWhiteSpace(c.OperationId))
        {
            throw new ValidationException("operationId", "An operation id is required so a retry does not apply twice.");
        }
        if (state.Adjustments.Contains(c.OperationId))
        {
            return [];
        }
        if (c.Delta is < -Amounts.MaxStock or > Amounts.MaxStock || (long)state.OnHand + c.Delta > Amounts.MaxStock)
        {
            throw new ValidationException("delta", $"An adjustment moves at most {Amounts.MaxStock} units and leaves at most {Amounts.MaxStock} on hand.");
        }
        var reserved = Level(state).Reserved;
        return state.OnHand + c.Delta < reserved
            ? throw new ConflictException($"Removing {-c.Delta} units of {sku} would leave fewer on hand than the {reserved} reserved.")
            : [new StockAdjusted(c.Delta, c.OperationId)];
    }
}
