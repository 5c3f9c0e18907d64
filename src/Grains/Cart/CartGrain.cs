using Marketplace.Cart;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Recommendations;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Cart;

public sealed class CartGrain(
    [PersistentState("cart", StorageNames.Carts)] IPersistentState<CartGrain.CartState> state,
    IOptions<CartOptions> options,
    CartMetrics metrics,
    TimeProvider clock) : Grain, ICartGrain, IRemindable
{
    private const string AbandonedReminder = "abandoned";
    private const int RememberedKeys = 50;

    // Orleans reminders tick at most once a minute; shorter lifetimes (tests) still expire on the next call.
    private static readonly TimeSpan MinReminderPeriod = TimeSpan.FromMinutes(1);

    private bool IsAnonymous => CartKeys.IsAnonymous(this.GetPrimaryKeyString());

    public async Task<CartView> Get()
    {
        await ExpireIfAbandoned();
        return View(await Price(state.State.Lines));
    }

    public async Task<CartView> Add(CartItem item, int quantity, string? idempotencyKey = null)
    {
        await ExpireIfAbandoned();
        if (idempotencyKey is not null && state.State.IdempotencyKeys.Contains(idempotencyKey))
        {
            return await Get();
        }
        RequireQuantity(quantity);

        var variant = await Variant(item);
        var index = IndexOf(item);
        var wanted = quantity + (index >= 0 ? state.State.Lines[index].Quantity : 0);
        RequireQuantity(wanted);
        RequireStock(variant, wanted);
        if (state.State.Lines.FirstOrDefault(l => l.Currency != variant.Currency) is { } other)
        {
            throw new ConflictException($"The cart holds prices in {other.Currency}; {item.Sku} is sold in {variant.Currency}.");
        }
        if (index < 0 && state.State.Lines.Count >= options.Value.MaxLines)
        {
            throw new ConflictException($"A cart holds at most {options.Value.MaxLines} different items.");
        }

        // Adding means the shopper has just seen the current price.
        var line = new CartLineState(item, wanted, variant.Price, variant.Currency, variant.SellerId, variant.Title,
            index >= 0 ? state.State.Lines[index].AddedAt : clock.GetUtcNow());
        if (index >= 0)
        {
            state.State.Lines[index] = line;
        }
        else
        {
            state.State.Lines.Add(line);
        }
        if (idempotencyKey is not null)
        {
            state.State.IdempotencyKeys.Add(idempotencyKey);
            if (state.State.IdempotencyKeys.Count > RememberedKeys)
            {
                state.State.IdempotencyKeys.RemoveAt(0);
            }
        }
        await Save();
        metrics.ItemAdded(IsAnonymous);
        if (CartKeys.ShopperOf(this.GetPrimaryKeyString()) is { } shopperId)
        {
            await GrainFactory.GetGrain<IShopperActivityGrain>(shopperId).AddedToCart(item.ProductId, quantity);
        }
        return await Get();
    }

    public async Task<CartView> SetQuantity(CartItem item, int quantity)
    {
        if (quantity == 0)
        {
            return await Remove(item);
        }
        await ExpireIfAbandoned();
        RequireQuantity(quantity);
        var index = RequiredIndexOf(item);
        var line = state.State.Lines[index];
        if (quantity > line.Quantity)
        {
            RequireStock(await Variant(item), quantity);
        }
        state.State.Lines[index] = line with { Quantity = quantity };
        await Save();
        return await Get();
    }

    public async Task<CartView> Remove(CartItem item)
    {
        await ExpireIfAbandoned();
        state.State.Lines.RemoveAt(RequiredIndexOf(item));
        await Save();
        return await Get();
    }

    public async Task<CartView> AcceptPrices()
    {
        await ExpireIfAbandoned();
        var priced = await Price(state.State.Lines);
        var changed = false;
        for (var i = 0; i < state.State.Lines.Count; i++)
        {
            if (priced[i].PriceChanged)
            {
                state.State.Lines[i] = state.State.Lines[i] with { AcceptedUnitPrice = priced[i].UnitPrice };
                changed = true;
            }
        }
        if (changed)
        {
            await Save();
        }
        return await Get();
    }

    public async Task Clear()
    {
        if (state.State.Lines.Count == 0)
        {
            return;
        }
        state.State.Lines.Clear();
        await Save();
    }

    public async Task<CartView> MergeFrom(string anonymousCartKey)
    {
        if (IsAnonymous || !CartKeys.IsAnonymous(anonymousCartKey))
        {
            throw new ValidationException("cartId", "Only an anonymous cart merges, and only into a shopper's cart.");
        }

        var anonymous = GrainFactory.GetGrain<ICartGrain>(anonymousCartKey);
        var contents = await anonymous.GetContents();
        var mergeKey = $"{anonymousCartKey}@{contents.Version}";
        if (contents.Lines.Count > 0 && !state.State.MergedCarts.Contains(mergeKey))
        {
            foreach (var incoming in contents.Lines)
            {
                var index = IndexOf(incoming.Item);
                if (index >= 0)
                {
                    var mine = state.State.Lines[index];
                    state.State.Lines[index] = mine with { Quantity = Math.Min(mine.Quantity + incoming.Quantity, Amounts.MaxQuantityPerLine) };
                }
                else if (state.State.Lines.Count < options.Value.MaxLines)
                {
                    state.State.Lines.Add(incoming);
                }
            }
            // Remember the merge before emptying the anonymous cart, so a crash in between cannot merge it twice.
            state.State.MergedCarts.Add(mergeKey);
            if (state.State.MergedCarts.Count > RememberedKeys)
            {
                state.State.MergedCarts.RemoveAt(0);
            }
            await Save();
        }
        await anonymous.Clear();
        return await Get();
    }

    public async Task<CartContents> GetContents()
    {
        await ExpireIfAbandoned();
        return new CartContents(state.State.Lines.ToList(), state.State.Version);
    }

    public async Task<CheckoutCart> GetForCheckout()
    {
        await ExpireIfAbandoned();
        if (state.State.Lines.Count == 0)
        {
            throw new ConflictException("The cart is empty.");
        }
        var view = View(await Price(state.State.Lines));
        var sellers = view.Lines
            .GroupBy(l => l.SellerId)
            .Select(g => new SellerCart(g.Key, g.ToList(), g.Where(l => l.CanBuy).Sum(l => l.LineTotal)))
            .ToList();
        return new CheckoutCart(sellers, view.Total, view.Currency!, view.HasIssues, view.Version);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == AbandonedReminder)
        {
            await ExpireIfAbandoned();
        }
    }

    private async Task ExpireIfAbandoned()
    {
        if (!IsAnonymous || !state.State.ExpiryScheduled
            || state.State.LastTouched + options.Value.AnonymousCartLifetime > clock.GetUtcNow())
        {
            return;
        }
        await state.ClearStateAsync();
        state.State = new CartState();
        if (await this.GetReminder(AbandonedReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task Save()
    {
        state.State.Version++;
        state.State.LastTouched = clock.GetUtcNow();
        var scheduleExpiry = IsAnonymous && !state.State.ExpiryScheduled;
        state.State.ExpiryScheduled |= IsAnonymous;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The change is in memory but not stored: start over from the store on the next call.
            DeactivateOnIdle();
            throw;
        }
        if (scheduleExpiry)
        {
            var period = options.Value.AnonymousCartLifetime < MinReminderPeriod ? MinReminderPeriod : options.Value.AnonymousCartLifetime;
            await this.RegisterOrUpdateReminder(AbandonedReminder, period, period);
        }
    }

    private async Task<VariantSnapshot> Variant(CartItem item) =>
        await GrainFactory.GetGrain<IProductGrain>(item.ProductId).GetVariant(item.Sku)
        ?? throw new NotFoundException($"Product {item.ProductId} has no sku '{item.Sku}'.");

    private async Task<CartLine[]> Price(IReadOnlyList<CartLineState> lines) =>
        await Task.WhenAll(lines.Select(async line =>
            Priced(line, await GrainFactory.GetGrain<IProductGrain>(line.Item.ProductId).GetVariant(line.Item.Sku))));

    private static CartLine Priced(CartLineState line, VariantSnapshot? variant)
    {
        var availability = variant switch
        {
            null or { Purchasable: false } => LineAvailability.Unavailable,
            { Available: <= 0 } => LineAvailability.OutOfStock,
            _ when variant.Available < line.Quantity => LineAvailability.InsufficientStock,
            _ => LineAvailability.InStock,
        };
        var price = variant?.Price ?? line.AcceptedUnitPrice;
        return new CartLine(line.Item.ProductId, line.Item.Sku, variant?.SellerId ?? line.SellerId, variant?.Title ?? line.Title,
            line.Quantity, price, variant?.Currency ?? line.Currency, price * line.Quantity,
            variant is not null && variant.Price != line.AcceptedUnitPrice, line.AcceptedUnitPrice,
            Math.Max(variant?.Available ?? 0, 0), availability);
    }

    private CartView View(IReadOnlyList<CartLine> lines)
    {
        var buyable = lines.Where(l => l.CanBuy).ToList();
        return new CartView(lines, buyable.Sum(l => l.LineTotal), lines.FirstOrDefault()?.Currency, lines.Sum(l => l.Quantity),
            lines.Any(l => !l.CanBuy || l.PriceChanged), state.State.Version);
    }

    private void RequireQuantity(int quantity)
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
            throw new ConflictException(variant.Available <= 0
                ? $"{variant.Sku} is out of stock."
                : $"Only {variant.Available} of {variant.Sku} left.");
        }
    }

    private int IndexOf(CartItem item) => state.State.Lines.FindIndex(l => l.Item == item);

    private int RequiredIndexOf(CartItem item)
    {
        var index = IndexOf(item);
        return index >= 0 ? index : throw new NotFoundException($"The cart has no {item.Sku} of product {item.ProductId}.");
    }

    [GenerateSerializer]
    public sealed class CartState
    {
        [Id(0)] public List<CartLineState> Lines { get; set; } = [];
        [Id(1)] public long Version { get; set; }
        [Id(2)] public DateTimeOffset LastTouched { get; set; }
        [Id(3)] public bool ExpiryScheduled { get; set; }
        [Id(4)] public List<string> IdempotencyKeys { get; set; } = [];
        [Id(5)] public List<string> MergedCarts { get; set; } = [];
    }
}
