namespace Marketplace.Promotions;

/// <summary>
/// A platform promo code (key: <see cref="PromoCodes.Normalize"/> of the code): its definition, and its redemptions,
/// one per order: reserved while the order is being paid, redeemed once it is paid, released when it fails or is
/// cancelled. One activation decides every redemption, so the budget and the per-shopper limit hold under any race.
/// </summary>
public interface IPromoCodeGrain : IGrainWithStringKey
{
    /// <summary>Creates the code. Repeating it with the same definition returns it; ConflictException when the code exists with another.</summary>
    Task<PromoCodeView> Create(Guid operatorId, PromoCodeDraft draft);

    /// <summary>NotFoundException when the code does not exist.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<PromoCodeView> Get();

    /// <summary>Replaces the definition; VersionMismatchException when <paramref name="expectedVersion"/> is stale.</summary>
    Task<PromoCodeView> Edit(Guid operatorId, long expectedVersion, PromoCodeDraft draft);

    Task<PromoCodeView> SetStatus(Guid operatorId, long expectedVersion, PromoCodeStatus status);

    /// <summary>What the code would take off <paramref name="lines"/> for the shopper now (Guid.Empty: not signed in, no per-shopper check). NotFoundException for an unknown code.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<PromoQuote> Quote(Guid shopperId, IReadOnlyList<PromoLine> lines);

    /// <summary>
    /// Holds one redemption for the order, priced at <paramref name="discount"/> under definition <paramref name="version"/>.
    /// A repeat for the same order is a no-op; ConflictException (with the reason) when the code is no longer to be had.
    /// </summary>
    Task Reserve(Guid orderId, Guid shopperId, decimal discount, long version);

    /// <summary>The order was paid: its reservation counts as redeemed. No-op when already done or when the order holds none.</summary>
    Task Confirm(Guid orderId);

    /// <summary>The order failed or was cancelled: its redemption, reserved or redeemed, is given back. No-op when it holds none.</summary>
    Task Release(Guid orderId, string reason);
}

/// <summary>Every promo code, newest first, from its projection table (stateless worker: key 0); <c>after</c> is a page's <c>next</c>.</summary>
public interface IPromoCodeListGrain : IGrainWithIntegerKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<Marketplace.Common.PagedList<PromoCodeView>> List(int page, int pageSize, string? after = null);
}
