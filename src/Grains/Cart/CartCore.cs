using Marketplace.Cart;
using Marketplace.Catalog;
using Marketplace.Common;
using State = Marketplace.Grains.Cart.CartGrain.CartState;

namespace Marketplace.Grains.Cart;

/// <summary>What may be asked of a cart. The variant as the product grain sells it now is read by the grain first.</summary>
public abstract record CartCommand;

public sealed record AddToCart(CartItem Item, int Quantity, string? IdempotencyKey, VariantSnapshot? Variant, int MaxLines, DateTimeOffset At) : CartCommand;

/// <summary>A quantity of 0 removes the line.</summary>
public sealed record SetLineQuantity(CartItem Item, int Quantity, VariantSnapshot? Variant, DateTimeOffset At) : CartCommand;

public sealed record RemoveLine(CartItem Item, DateTimeOffset At) : CartCommand;

/// <summary>The shopper saw the prices of <see cref="Priced"/> (the lines re-priced now, in the cart's order).</summary>
public sealed record AcceptPrices(IReadOnlyList<CartLine> Priced, DateTimeOffset At) : CartCommand;

public sealed record ClearCart(DateTimeOffset At) : CartCommand;

/// <summary>Keeps <see cref="Code"/> (normalised, known to exist) on the cart.</summary>
public sealed record ApplyCode(string Code, DateTimeOffset At) : CartCommand;

public sealed record RemoveCode(DateTimeOffset At) : CartCommand;

/// <summary>Merges an anonymous cart (<see cref="Contents"/>, read from it) into the shopper's cart this is.</summary>
public sealed record MergeCart(string AnonymousCartKey, CartContents Contents, int MaxLines, DateTimeOffset At) : CartCommand;

/// <summary>What happened to the cart; each is a new version.</summary>
public abstract record CartEvent(DateTimeOffset At);

public sealed record LineAdded(CartLineState Line, int Added, string? IdempotencyKey, DateTimeOffset At) : CartEvent(At);

public sealed record LineQuantitySet(CartItem Item, int Quantity, DateTimeOffset At) : CartEvent(At);

public sealed record LineRemoved(CartItem Item, DateTimeOffset At) : CartEvent(At);

public sealed record PricesAccepted(IReadOnlyList<CartLine> Lines, DateTimeOffset At) : CartEvent(At);

public sealed record CartCleared(DateTimeOffset At) : CartEvent(At);

/// <summary>The cart's promo code is <see cref="Code"/> (null: none).</summary>
public sealed record CodeSet(string? Code, DateTimeOffset At) : CartEvent(At);

public sealed record CartMerged(IReadOnlyList<CartLineState> Lines, string MergeKey, int MaxLines, DateTimeOffset At) : CartEvent(At);

/// <summary>
/// A cart's rules, without I/O: quantities of 1 to <see cref="Amounts.MaxQuantityPerLine"/> a line, never more than is
/// free, one currency, at most the configured lines; a repeated add (same idempotency key) or merge counts once.
/// </summary>
public static class CartCore
{
    /// <summary>How many idempotency keys and merged carts a cart remembers.</summary>
    public const int RememberedKeys = 50;

    public static IReadOnlyList<CartEvent> Decide(State state, CartCommand command) => command switch
    {
        AddToCart c => Add(state, c),
        SetLineQuantity { Quantity: 0 } c => [new LineRemoved(Line(state, c.Item).Item, c.At)],
        SetLineQuantity c => SetQuantity(state, c),
        RemoveLine c => [new LineRemoved(Line(state, c.Item).Item, c.At)],
        AcceptPrices c => c.Priced.Any(l => l.PriceChanged) ? [new PricesAccepted(c.Priced, c.At)] : [],
        ClearCart c => state.Lines.Count == 0 && state.PromoCode is null ? [] : [new CartCleared(c.At)],
        ApplyCode c => state.PromoCode == c.Code ? [] : [new CodeSet(c.Code, c.At)],
        RemoveCode c => state.PromoCode is null ? [] : [new CodeSet(null, c.At)],
        MergeCart c => c.Contents.Lines.Count == 0 || state.MergedCarts.Contains(MergeKey(c)) ? [] : [new CartMerged(c.Contents.Lines, MergeKey(c), c.MaxLines, c.At)],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a cart command."),
    };

    public static void Apply(State state, CartEvent happened)
    {
        switch (happened)
        {
            case LineAdded added:
                var index = IndexOf(state, added.Line.Item);
                if (index >= 0)
                {
                    state.Lines[index] = added.Line;
                }
                else
                {
                    state.Lines.Add(added.Line);
                }
                Remember(state.IdempotencyKeys, added.IdempotencyKey);
                break;
            case LineQuantitySet set:
                state.Lines[IndexOf(state, set.Item)] = state.Lines[IndexOf(state, set.Item)] with { Quantity = set.Quantity };
                break;
            case LineRemoved removed:
                state.Lines.RemoveAt(IndexOf(state, removed.Item));
                break;
            case PricesAccepted accepted:
                state.Lines = state.Lines.Select((line, i) => accepted.Lines[i].PriceChanged ? line with { AcceptedUnitPrice = accepted.Lines[i].UnitPrice } : line).ToList();
                break;
            case CartCleared:
                // The code goes with the lines: a paid cart's code was redeemed, and an emptied one starts afresh.
                state.Lines.Clear();
                state.PromoCode = null;
                break;
            case CodeSet set:
                state.PromoCode = set.Code;
                break;
            case CartMerged merged:
                foreach (var incoming in merged.Lines)
                {
                    var mine = IndexOf(state, incoming.Item);
                    if (mine >= 0)
                    {
                        state.Lines[mine] = state.Lines[mine] with { Quantity = Math.Min(state.Lines[mine].Quantity + incoming.Quantity, Amounts.MaxQuantityPerLine) };
                    }
                    else if (state.Lines.Count < merged.MaxLines)
                    {
                        state.Lines.Add(incoming);
                    }
                }
                Remember(state.MergedCarts, merged.MergeKey);
                break;
        }
        state.Version++;
        state.LastTouched = happened.At;
    }

    private static IReadOnlyList<CartEvent> Add(State state, AddToCart c)
    {
        if (c.IdempotencyKey is not null && state.IdempotencyKeys.Contains(c.IdempotencyKey))
        {
            return [];
        }
        RequireQuantity(c.Quantity);
        var variant = c.Variant ?? throw NoSuchSku(c.Item);
        var index = IndexOf(state, c.Item);
        var wanted = c.Quantity + (index >= 0 ? state.Lines[index].Quantity : 0);
        RequireQuantity(wanted);
        RequireStock(variant, wanted);
        if (state.Lines.FirstOrDefault(l => l.Currency != variant.Currency) is { } other)
        {
            throw new ConflictException($"The cart holds prices in {other.Currency}; {c.Item.Sku} is sold in {variant.Currency}.");
        }
        if (index < 0 && state.Lines.Count >= c.MaxLines)
        {
            throw new ConflictException($"A cart holds at most {c.MaxLines} different items.");
        }
        // Adding means the shopper has just seen the current price.
        var line = new CartLineState(c.Item, wanted, variant.Price, variant.Currency, variant.SellerId, variant.Title, index >= 0 ? state.Lines[index].AddedAt : c.At);
        return [new LineAdded(line, c.Quantity, c.IdempotencyKey, c.At)];
    }

    private static IReadOnlyList<CartEvent> SetQuantity(State state, SetLineQuantity c)
    {
        RequireQuantity(c.Quantity);
        if (c.Quantity > Line(state, c.Item).Quantity)
        {
            RequireStock(c.Variant ?? throw NoSuchSku(c.Item), c.Quantity);
        }
        return [new LineQuantitySet(c.Item, c.Quantity, c.At)];
    }

    private static string MergeKey(MergeCart c) => $"{c.AnonymousCartKey}@{c.Contents.Version}";

    private static void Remember(List<string> remembered, string? key)
    {
        if (key is null)
        {
            return;
        }
        remembered.Add(key);
        if (remembered.Count > RememberedKeys)
        {
            remembered.RemoveAt(0);
        }
    }

    private static void RequireQuantity(int quantity)
    {
        if (Amounts.QuantityError(quantity) is { } error)
        {
            throw new ValidationException("quantity", error);
        }
    }

    private static void RequireStock(VariantSnapshot variant, int quantity)
    {
        if (!variant.Purchasable)
        {
            throw new ConflictException($"{variant.Sku} is not on sale.");
        }
        if (variant.Available < quantity)
        {
            throw new ConflictException(variant.Available <= 0 ? $"{variant.Sku} is out of stock." : $"Only {variant.Available} of {variant.Sku} left.");
        }
    }

    private static int IndexOf(State state, CartItem item) => state.Lines.FindIndex(l => l.Item == item);

    private static CartLineState Line(State state, CartItem item) =>
        state.Lines.Find(l => l.Item == item) ?? throw new NotFoundException($"The cart has no {item.Sku} of product {item.ProductId}.");

    private static NotFoundException NoSuchSku(CartItem item) => new($"Product {item.ProductId} has no sku '{item.Sku}'.");
}
