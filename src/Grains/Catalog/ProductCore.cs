using Marketplace.Catalog;
using Marketplace.Common;
using State = Marketplace.Grains.Catalog.ProductGrain.ProductState;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// The product card's rules, without I/O: <see cref="Decide"/> turns a command into events (or refuses it with a domain
/// exception: 404, 403, 409, 412, 400), <see cref="Apply"/> folds an event into the state. A repeat of a command that
/// already took effect decides nothing. The state is the grain's stored class, kept where it is so stored rows still read.
/// </summary>
public static class ProductCore
{
    public static IReadOnlyList<ProductEvent> Decide(State state, Guid productId, ProductCommand command) => command switch
    {
        CreateProduct c => Create(state, productId, c),
        EditProduct c => Edit(state, productId, c),
        PublishProduct c => Publish(state, productId, c),
        ArchiveProduct c => Owned(state, productId, c.SellerId, c.ExpectedVersion).Status == ProductStatus.Archived ? [] : [new ProductArchived(c.At)],
        JudgeProduct c => state.Moderation is { AwaitsRules: true } moderation && moderation.Revision == c.Revision
            ? [Decided(c.Violation is null
                ? new ProductModeration(ProductModerationStatus.Approved, c.Revision)
                : new ProductModeration(ProductModerationStatus.Blocked, c.Revision, c.Violation), ProductModeration.DecidedByRules, c.At)]
            : [],
        ApproveProduct c => state.Moderation is { HidesProduct: true } hidden
            ? [Decided(new ProductModeration(ProductModerationStatus.Approved, hidden.Revision), ProductModeration.DecidedByOperator, c.At)]
            : throw new ConflictException("Moderation does not hide this product: there is nothing to approve."),
        BlockProduct c => Block(state, productId, c),
        ChangeSellerStanding c => state.Content is null || state.SellerSuspended == !c.SellerActive ? [] : [new SellerStandingChanged(!c.SellerActive)],
        ReportStock c => Stock(state, c),
        ScheduleSale c => Schedule(state, productId, c),
        WithdrawSale c => Owned(state, productId, c.SellerId, c.ExpectedVersion).Sales.Any(s => s.SaleId == c.SaleId)
            ? [new SaleWithdrawn(c.SaleId, c.At)]
            : throw new NotFoundException($"Product {productId} has no sale {c.SaleId}."),
        CrossPriceBoundary c => state.Content is not null && SaleRules.NextBoundary(state.Sales, state.PricesAsOf) is { } due && c.At >= due
            ? [new PricesMoved(c.At)]
            : [],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a product command."),
    };

    public static void Apply(State state, ProductEvent happened)
    {
        switch (happened)
        {
            case ProductCreated created:
                state.SellerId = created.SellerId;
                state.Content = created.Content;
                state.Status = ProductStatus.Draft;
                state.Version = 1;
                state.CreatedAt = state.UpdatedAt = created.At;
                break;
            case ProductEdited edited:
                state.Content = edited.Content;
                state.Version++;
                state.UpdatedAt = edited.At;
                state.Moderation = edited.Moderation ?? state.Moderation;
                break;
            case ProductPublished published:
                state.SellerSuspended = false;
                state.Status = ProductStatus.Published;
                state.PublishedAt = state.UpdatedAt = published.At;
                state.Version++;
                state.Moderation ??= published.FirstModeration;
                break;
            case ProductArchived archived:
                state.Status = ProductStatus.Archived;
                state.Version++;
                state.UpdatedAt = archived.At;
                break;
            case ProductModerationDecided decided:
                // Not a new Version: that is the seller's edit version (ETag), which a verdict must not make stale.
                state.Moderation = decided.Moderation;
                break;
            case SellerStandingChanged standing:
                state.SellerSuspended = standing.SellerSuspended;
                break;
            case StockRecorded stock:
                state.Stock.RemoveAll(s => s.Sku == stock.Sku);
                state.Stock.Add(new VariantStock(stock.Sku, stock.Available, stock.Revision));
                break;
            case SaleScheduled scheduled:
                state.Sales.RemoveAll(s => s.SaleId == scheduled.Sale.SaleId);
                state.Sales.Add(scheduled.Sale);
                state.Sales.Sort((a, b) => a.StartsAt.CompareTo(b.StartsAt));
                PricedAt(state, scheduled.At);
                break;
            case SaleWithdrawn withdrawn:
                state.Sales.RemoveAll(s => s.SaleId == withdrawn.SaleId);
                PricedAt(state, withdrawn.At);
                break;
            case PricesMoved moved:
                PricedAt(state, moved.At);
                break;
        }
    }

    /// <summary>
    /// The prices announced are those of <paramref name="at"/>; sales over by then are forgotten. Prices are what
    /// shoppers read, so every move is a new version (the public ETag), a sale's start and end included.
    /// </summary>
    private static void PricedAt(State state, DateTimeOffset at)
    {
        state.Sales.RemoveAll(s => s.EndsAt <= at);
        state.PricesAsOf = at;
        state.Version++;
        state.UpdatedAt = at;
    }

    /// <summary>The new skus of a draft that start with stock (the grain puts it in their inventories first).</summary>
    public static IEnumerable<VariantDraft> InitialStock(State state, ProductDraft draft) =>
        draft.Variants.Where(v => v.Stock > 0 && state.Content?.Variants.Any(old => old.Sku == v.Sku) != true);

    /// <summary>Records the levels a new sku's inventory answered its initial stock with, for skus the card has no report of yet.</summary>
    public static void RecordInitialStock(State state, IEnumerable<(string Sku, StockLevel Level)> applied)
    {
        foreach (var (sku, level) in applied.Where(a => state.Stock.All(s => s.Sku != a.Sku)))
        {
            // Revision 0: the inventory grain's own report (revision >= 1) still wins when it arrives.
            Apply(state, new StockRecorded(sku, level.Available, 0, Announced: false));
        }
    }

    public static ProductDraft Normalize(ProductDraft draft) => draft with
    {
        Title = draft.Title?.Trim() ?? "",
        Description = draft.Description?.Trim(),
        Category = draft.Category?.Trim() ?? "",
        Brand = draft.Brand?.Trim(),
        Images = draft.Images ?? [],
        Variants = (draft.Variants ?? []).Select(v => v is null ? v! : v with { Sku = v.Sku?.Trim() ?? "", Currency = v.Currency?.Trim().ToUpperInvariant() ?? "" }).ToList(),
    };

    public static State Owned(State state, Guid productId, Guid sellerId)
    {
        if (state.Content is null)
        {
            throw NotFound(productId);
        }
        return state.SellerId == sellerId ? state : throw new ForbiddenException("This product belongs to another seller.");
    }

    /// <summary>The sku of a variant of the seller's own card (404 when the card has no such variant).</summary>
    public static string OwnedSku(State state, Guid productId, Guid sellerId, string sku) =>
        Owned(state, productId, sellerId).Content!.Variants.Any(v => string.Equals(v.Sku, sku, StringComparison.Ordinal))
            ? sku
            : throw new NotFoundException($"Product {productId} has no SKU '{sku}'.");

    public static NotFoundException NotFound(Guid productId) => new($"Product {productId} does not exist.");

    private static State Owned(State state, Guid productId, Guid sellerId, long expectedVersion) =>
        Owned(state, productId, sellerId).Version == expectedVersion ? state : throw new VersionMismatchException(expectedVersion, state.Version);

    private static IReadOnlyList<ProductEvent> Create(State state, Guid productId, CreateProduct c)
    {
        if (state.Content is not null)
        {
            Owned(state, productId, c.SellerId);
            return [];
        }
        var draft = Normalize(c.Draft);
        ProductValidation.Validate(draft);
        return c.SellerOnboarded ? [new ProductCreated(c.SellerId, draft, c.At)] : throw new ConflictException("Complete seller onboarding before creating products.");
    }

    private static IReadOnlyList<ProductEvent> Edit(State state, Guid productId, EditProduct c)
    {
        Owned(state, productId, c.SellerId, c.ExpectedVersion);
        if (state.Status == ProductStatus.Archived)
        {
            throw new ConflictException("An archived product cannot be edited; publish it again first.");
        }
        var draft = Normalize(c.Draft);
        ProductValidation.Validate(draft);
        // Only a published card's shopper-facing text and images go to moderation: a draft is judged when it is published.
        var remoderate = state.Status == ProductStatus.Published
                         && (ShopperText.Of(draft) != ShopperText.Of(state.Content!) || !draft.Images!.SequenceEqual(state.Content!.Images ?? []));
        return [new ProductEdited(draft, c.At, remoderate ? Resubmitted(state.Moderation, state.Version + 1) : null)];
    }

    private static IReadOnlyList<ProductEvent> Publish(State state, Guid productId, PublishProduct c)
    {
        if (Owned(state, productId, c.SellerId, c.ExpectedVersion).Status == ProductStatus.Published)
        {
            return [];
        }
        // An archived card comes back with the standing it had: its text has not changed since (archived cards are not edited).
        return c.SellerActive
            ? [new ProductPublished(c.At, state.Moderation is null ? new ProductModeration(ProductModerationStatus.Pending, state.Version + 1) : null)]
            : throw new ConflictException("Only an active seller can publish products.");
    }

    private static IReadOnlyList<ProductEvent> Schedule(State state, Guid productId, ScheduleSale c)
    {
        var sale = SaleRules.Of(c.SaleId, c.Draft);
        if (Owned(state, productId, c.SellerId).Sales.Contains(sale))
        {
            // A retried request (same Idempotency-Key and body): it took effect, and its If-Match is stale by now.
            return [];
        }
        if (Owned(state, productId, c.SellerId, c.ExpectedVersion).Status == ProductStatus.Archived)
        {
            throw new ConflictException("An archived product cannot go on sale; publish it again first.");
        }
        return [new SaleScheduled(SaleRules.Validate(sale, state.Content!, state.Sales, c.At), c.At)];
    }

    private static IReadOnlyList<ProductEvent> Block(State state, Guid productId, BlockProduct c)
    {
        var reason = ProductValidation.BlockReason(c.Reason);
        if (state.Content is null)
        {
            throw NotFound(productId);
        }
        // A card published before moderation existed has no judged revision yet: the block binds the current one.
        var revision = state.Moderation?.Revision
                       ?? (state.PublishedAt is null ? throw new ConflictException("Only a product that has been published can be blocked.") : state.Version);
        return [Decided(new ProductModeration(ProductModerationStatus.Blocked, revision, reason), ProductModeration.DecidedByOperator, c.At)];
    }

    private static IReadOnlyList<ProductEvent> Stock(State state, ReportStock c)
    {
        var known = state.Stock.FirstOrDefault(s => s.Sku == c.Sku);
        if (known is not null && (c.Revision is { } revision ? known.Revision >= revision : known.Available == c.Available))
        {
            return [];
        }
        // Shoppers see 0 of a variant nothing was heard of yet.
        var announced = Seen(known?.Available ?? 0) != Seen(c.Available) && state.Content?.Variants.Any(v => v.Sku == c.Sku) == true;
        return [new StockRecorded(c.Sku, c.Available, c.Revision ?? known?.Revision ?? 0, announced)];
    }

    /// <summary>
    /// Above this many, the listings, search and integrators need only know that a variant is in stock; the card itself
    /// shows the exact count it holds in memory. At or below it ("only 3 left") every change is announced. Announcing
    /// every sale wrote the card, its listings and its search row once per checkout (bench/README.md).
    /// </summary>
    public const int ExactStockBelow = 10;

    /// <summary>The availability as the card's announcements show it: the exact count when few are left, else "plenty".</summary>
    private static int Seen(int available) => Math.Clamp(available, 0, ExactStockBelow + 1);

    private static ProductModerationDecided Decided(ProductModeration decision, string decidedBy, DateTimeOffset at) =>
        new(decision with { DecidedBy = decidedBy, DecidedAt = at });

    /// <summary>
    /// Where an edited text starts: every edit is hidden until judged; a card the rules blocked keeps its reason while
    /// they judge the edit; one an operator blocked (or holds) waits for an operator, the block's decision still standing.
    /// </summary>
    private static ProductModeration Resubmitted(ProductModeration? current, long revision) => current switch
    {
        { Status: ProductModerationStatus.Held } => current with { Revision = revision },
        { Status: ProductModerationStatus.Blocked, DecidedBy: ProductModeration.DecidedByOperator } =>
            current with { Status = ProductModerationStatus.Held, Revision = revision, Reason = $"Blocked by an operator: {current.Reason} An operator checks the edit." },
        { Status: ProductModerationStatus.Blocked or ProductModerationStatus.Rechecking } =>
            new ProductModeration(ProductModerationStatus.Rechecking, revision, current.Reason),
        _ => new ProductModeration(ProductModerationStatus.Pending, revision),
    };
}

/// <summary>A variant's availability as the product last heard it from the variant's inventory grain, at that grain's revision.</summary>
[GenerateSerializer, Immutable]
public sealed record VariantStock([property: Id(0)] string Sku, [property: Id(1)] int Available, [property: Id(2)] long Revision);
