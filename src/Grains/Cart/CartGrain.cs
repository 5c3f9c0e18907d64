using Marketplace.Cart;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Promotions;
using Marketplace.Recommendations;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Cart;

/// <summary>
/// The shell of a cart (<see cref="CartCore"/> decides, <see cref="CartPricing"/> re-prices): reads the variants a
/// decision needs, writes the change, and empties an anonymous cart nobody touched for its lifetime (a reminder).
/// </summary>
public sealed partial class CartGrain(
    [PersistentState("cart", StorageNames.Carts)] IPersistentState<CartGrain.CartState> state,
    IOptions<CartOptions> options,
    CartMetrics metrics,
    TimeProvider clock) : Grain, ICartGrain, IRemindable
{
    private const string AbandonedReminder = "abandoned";

    // Orleans reminders tick at most once a minute; shorter lifetimes (tests) still expire on the next call.
    private static readonly TimeSpan MinReminderPeriod = TimeSpan.FromMinutes(1);

    private CartState State => state.State;

    private bool IsAnonymous => CartKeys.IsAnonymous(this.GetPrimaryKeyString());

    public async Task<CartView> Get()
    {
        await ExpireIfAbandoned();
        return await View();
    }

    public async Task<CartView> Add(CartItem item, int quantity, string? idempotencyKey = null)
    {
        await ExpireIfAbandoned();
        var variant = await Variant(item);
        var events = await Handle(new AddToCart(item, quantity, idempotencyKey, variant, options.Value.MaxLines, clock.GetUtcNow()));
        if (events.Count > 0)
        {
            metrics.ItemAdded(IsAnonymous);
            if (CartKeys.ShopperOf(this.GetPrimaryKeyString()) is { } shopperId)
            {
                await GrainFactory.GetGrain<IShopperActivityGrain>(shopperId).AddedToCart(item.ProductId, quantity);
            }
        }
        return await Get();
    }

    public async Task<CartView> SetQuantity(CartItem item, int quantity)
    {
        await ExpireIfAbandoned();
        await Handle(new SetLineQuantity(item, quantity, quantity > 0 ? await Variant(item) : null, clock.GetUtcNow()));
        return await Get();
    }

    public async Task<CartView> Remove(CartItem item)
    {
        await ExpireIfAbandoned();
        await Handle(new RemoveLine(item, clock.GetUtcNow()));
        return await Get();
    }

    public async Task<CartView> AcceptPrices()
    {
        await ExpireIfAbandoned();
        await Handle(new AcceptPrices(await Price(State.Lines), clock.GetUtcNow()));
        return await Get();
    }

    public Task Clear() => Handle(new ClearCart(clock.GetUtcNow()));

    public async Task<CartView> ApplyPromoCode(string code)
    {
        await ExpireIfAbandoned();
        var normal = PromoCodes.Normalize(code);
        // Only a code that exists is kept: the grain's Get is NotFoundException otherwise.
        await GrainFactory.GetGrain<IPromoCodeGrain>(normal).Get();
        await Handle(new ApplyCode(normal, clock.GetUtcNow()));
        return await View();
    }

    public async Task<CartView> RemovePromoCode()
    {
        await ExpireIfAbandoned();
        await Handle(new RemoveCode(clock.GetUtcNow()));
        return await View();
    }

    public async Task<CartView> MergeFrom(string anonymousCartKey)
    {
        if (IsAnonymous || !CartKeys.IsAnonymous(anonymousCartKey))
        {
            throw new ValidationException("cartId", "Only an anonymous cart merges, and only into a shopper's cart.");
        }
        var anonymous = GrainFactory.GetGrain<ICartGrain>(anonymousCartKey);
        // The merge is remembered before the anonymous cart is emptied, so a crash in between cannot merge it twice.
        await Handle(new MergeCart(anonymousCartKey, await anonymous.GetContents(), options.Value.MaxLines, clock.GetUtcNow()));
        await anonymous.Clear();
        return await Get();
    }

    public async Task<CartContents> GetContents()
    {
        await ExpireIfAbandoned();
        return new CartContents(State.Lines.ToList(), State.Version);
    }

    public async Task<CheckoutCart> GetForCheckout()
    {
        await ExpireIfAbandoned();
        if (State.Lines.Count == 0)
        {
            throw new ConflictException("The cart is empty.");
        }
        return CartPricing.ForCheckout(await View());
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
        if (!IsAnonymous || !State.ExpiryScheduled || State.LastTouched + options.Value.AnonymousCartLifetime > clock.GetUtcNow())
        {
            return;
        }
        await state.ClearStateAsync();
        state.State = new CartState();
        await this.StopReminder(AbandonedReminder);
    }

    private async Task<IReadOnlyList<CartEvent>> Handle(CartCommand command)
    {
        var events = CartCore.Decide(State, command);
        if (events.Count == 0)
        {
            return events;
        }
        foreach (var happened in events)
        {
            CartCore.Apply(State, happened);
        }
        var scheduleExpiry = IsAnonymous && !State.ExpiryScheduled;
        State.ExpiryScheduled |= IsAnonymous;
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
        return events;
    }

    /// <summary>The lines re-priced now, and the code's effect on them (quoted for the shopper; an anonymous cart has no per-shopper limit yet).</summary>
    private async Task<CartView> View()
    {
        var lines = await Price(State.Lines);
        if (State.PromoCode is not { } code)
        {
            return CartPricing.View(lines, State.Version);
        }
        var shopper = CartKeys.ShopperOf(this.GetPrimaryKeyString()) ?? Guid.Empty;
        PromoQuote? quote;
        try
        {
            quote = await GrainFactory.GetGrain<IPromoCodeGrain>(code).Quote(shopper, CartPricing.PromoLines(lines));
        }
        catch (NotFoundException)
        {
            quote = new PromoQuote(code, false, "The code no longer exists.", 0, [], 0);
        }
        return CartPricing.View(lines, State.Version, quote);
    }

    private Task<VariantSnapshot?> Variant(CartItem item) => GrainFactory.GetGrain<IProductGrain>(item.ProductId).GetVariant(item.Sku);

    private async Task<CartLine[]> Price(IReadOnlyList<CartLineState> lines) =>
        await Task.WhenAll(lines.Select(async line => CartPricing.Priced(line, await Variant(line.Item))));
}
