using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Sellers;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// A product card. The card is persisted here; each variant's stock lives in its own inventory grain, whose
/// reports keep an in-memory copy of availability so reads need no extra hop. Moderation's standing is part of the
/// card, so a verdict and what shoppers see change in one write (<see cref="IProductModeration"/>). The card's events
/// are written with it (<see cref="AggregateGrain"/>); a stock report, a copy of the inventory's state that its next
/// change re-sends, is published directly.
/// </summary>
public sealed class ProductGrain(
    [PersistentState("product", StorageNames.Products)] IPersistentState<ProductGrain.ProductState> state,
    TimeProvider clock,
    ProductModerationMetrics metrics,
    OutboxRuntime outbox,
    ILogger<ProductGrain> logger)
    : AggregateGrain(outbox), IProductGrain, IProductModeration
{
    // Marks the one-time stock a new sku starts with, so a retried create or edit does not add it twice.
    private const string InitialStockOperation = "initial-stock";

    private readonly Dictionary<string, (StockLevel Level, long Revision)> _stock = new(StringComparer.Ordinal);
    private ProductSnapshot? _snapshot;
    private long _lastSequence;

    private ProductState State => state.State;

    private Guid ProductId => this.GetPrimaryKey();

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Content is { } content)
        {
            var levels = await Task.WhenAll(content.Variants.Select(v => Inventory(v.Sku).Get()));
            for (var i = 0; i < levels.Length; i++)
            {
                _stock.TryAdd(content.Variants[i].Sku, (levels[i], 0));
            }
        }
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<ProductSnapshot> Create(Guid sellerId, ProductDraft draft)
    {
        if (State.Content is not null)
        {
            EnsureOwner(sellerId);
            await ApplyInitialStock(State.Content.Variants);
            return Snapshot;
        }

        var normalized = Normalize(draft);
        ProductValidation.Validate(normalized);
        if (await GrainFactory.GetGrain<ISellerGrain>(sellerId).GetStatus() is null)
        {
            throw new ConflictException("Complete seller onboarding before creating products.");
        }

        // Stock first: the Created event then already carries the availability, and a retry re-applies it idempotently.
        await ApplyInitialStock(normalized.Variants);
        var now = clock.GetUtcNow();
        State.SellerId = sellerId;
        State.Content = normalized;
        State.Status = ProductStatus.Draft;
        State.Version = 1;
        State.CreatedAt = now;
        State.UpdatedAt = now;
        await Save(ProductChangeKind.Created);
        return Snapshot;
    }

    public Task<ProductSnapshot> GetForSeller(Guid sellerId)
    {
        EnsureOwner(sellerId);
        return Task.FromResult(Snapshot);
    }

    public Task<ProductSnapshot?> Find() => Task.FromResult(State.Content is null ? null : Snapshot);

    public Task<ProductSnapshot> GetPublished() =>
        State.Content is not null && Snapshot.Visible
            ? Task.FromResult(Snapshot)
            : throw NotFound();

    public async Task<ProductSnapshot> Edit(Guid sellerId, long expectedVersion, ProductDraft draft)
    {
        EnsureOwner(sellerId);
        EnsureVersion(expectedVersion);
        if (State.Status == ProductStatus.Archived)
        {
            throw new ConflictException("An archived product cannot be edited; publish it again first.");
        }
        var normalized = Normalize(draft);
        ProductValidation.Validate(normalized);

        await ApplyInitialStock(normalized.Variants.Where(v => !State.Content!.Variants.Any(old => old.Sku == v.Sku)));
        // Only a published card's shopper-facing text and images go to moderation: a draft is judged when it is published.
        var remoderate = State.Status == ProductStatus.Published
                         && (ShopperText.Of(normalized) != ShopperText.Of(State.Content!) || !normalized.Images!.SequenceEqual(State.Content!.Images ?? []));
        State.Content = normalized;
        State.Version++;
        State.UpdatedAt = clock.GetUtcNow();
        if (remoderate)
        {
            State.Moderation = Resubmitted(State.Moderation, State.Version);
        }
        await Save(ProductChangeKind.Edited, remoderate);
        return Snapshot;
    }

    public async Task<ProductSnapshot> Publish(Guid sellerId, long expectedVersion)
    {
        EnsureOwner(sellerId);
        EnsureVersion(expectedVersion);
        if (State.Status == ProductStatus.Published)
        {
            return Snapshot;
        }
        if (await GrainFactory.GetGrain<ISellerGrain>(sellerId).GetStatus() != SellerStatus.Active)
        {
            throw new ConflictException("Only an active seller can publish products.");
        }

        var now = clock.GetUtcNow();
        State.SellerSuspended = false;
        State.Status = ProductStatus.Published;
        State.PublishedAt = now;
        State.Version++;
        State.UpdatedAt = now;
        // An archived card comes back with the standing it had: its text has not changed since (archived cards are not edited).
        var firstPublication = State.Moderation is null;
        State.Moderation ??= new ProductModeration(ProductModerationStatus.Pending, State.Version);
        await Save(ProductChangeKind.Published, firstPublication);
        return Snapshot;
    }

    public async Task<ProductSnapshot> Archive(Guid sellerId, long expectedVersion)
    {
        EnsureOwner(sellerId);
        EnsureVersion(expectedVersion);
        if (State.Status == ProductStatus.Archived)
        {
            return Snapshot;
        }

        State.Status = ProductStatus.Archived;
        State.Version++;
        State.UpdatedAt = clock.GetUtcNow();
        await Save(ProductChangeKind.Archived);
        return Snapshot;
    }

    public async Task ApplyVerdict(long revision, string? violation)
    {
        if (State.Moderation is { AwaitsRules: true } moderation && moderation.Revision == revision)
        {
            await Decide(violation is null
                ? new ProductModeration(ProductModerationStatus.Approved, revision)
                : new ProductModeration(ProductModerationStatus.Blocked, revision, violation), ProductModeration.DecidedByRules);
        }
    }

    public async Task<ProductSnapshot> Approve(Guid operatorId)
    {
        if (State.Moderation is not { HidesProduct: true } moderation)
        {
            throw new ConflictException("Moderation does not hide this product: there is nothing to approve.");
        }
        logger.LogInformation("Operator {OperatorId} approved product {ProductId}", operatorId, ProductId);
        await Decide(new ProductModeration(ProductModerationStatus.Approved, moderation.Revision), ProductModeration.DecidedByOperator);
        return Snapshot;
    }

    public async Task<ProductSnapshot> Block(Guid operatorId, string reason)
    {
        var blockReason = ProductValidation.BlockReason(reason);
        if (State.Content is null)
        {
            throw NotFound();
        }
        // A card published before moderation existed has no judged revision yet: the block binds the current one.
        var revision = State.Moderation?.Revision
                       ?? (State.PublishedAt is null ? throw new ConflictException("Only a product that has been published can be blocked.") : State.Version);
        logger.LogInformation("Operator {OperatorId} blocked product {ProductId}", operatorId, ProductId);
        await Decide(new ProductModeration(ProductModerationStatus.Blocked, revision, blockReason), ProductModeration.DecidedByOperator);
        return Snapshot;
    }

    public Task<StockLevel> SetStock(Guid sellerId, string sku, int onHand)
    {
        EnsureVariant(sellerId, sku);
        return Inventory(sku).SetOnHand(onHand);
    }

    public Task<StockLevel> AdjustStock(Guid sellerId, string sku, int delta, string operationId)
    {
        EnsureVariant(sellerId, sku);
        return Inventory(sku).Adjust(delta, operationId);
    }

    public Task<StockLevel> GetStock(Guid sellerId, string sku)
    {
        EnsureVariant(sellerId, sku);
        return Inventory(sku).Get();
    }

    public Task<VariantSnapshot?> GetVariant(string sku)
    {
        var variant = State.Content?.Variants.FirstOrDefault(v => string.Equals(v.Sku, sku, StringComparison.Ordinal));
        return Task.FromResult(variant is null
            ? null
            : new VariantSnapshot(ProductId, variant.Sku, State.SellerId, State.Content!.Title, variant.Price, variant.Currency,
                Available(variant.Sku), Snapshot.Visible));
    }

    public async Task OnSellerStatusChanged(bool sellerActive)
    {
        if (State.Content is null || State.SellerSuspended == !sellerActive)
        {
            return;
        }

        State.SellerSuspended = !sellerActive;
        await Save(ProductChangeKind.SellerStatusChanged);
    }

    public async Task OnStockChanged(string sku, StockLevel level, long revision)
    {
        if (_stock.TryGetValue(sku, out var known) && known.Revision >= revision)
        {
            return;
        }

        var availabilityChanged = known.Level?.Available != level.Available;
        _stock[sku] = (level, revision);
        if (availabilityChanged && State.Content is not null && State.Content.Variants.Any(v => v.Sku == sku))
        {
            _snapshot = null;
            await this.PublishEventAsync(StreamNames.Products, ProductId.ToString(), Changed(ProductChangeKind.StockChanged));
        }
    }

    private ProductSnapshot Snapshot => _snapshot ??= BuildSnapshot();

    private ProductSnapshot BuildSnapshot()
    {
        var content = State.Content ?? throw NotFound();
        return new ProductSnapshot(
            ProductId, State.SellerId, content.Title, content.Description ?? "", content.Category, content.Brand ?? "",
            content.Attributes ?? new Dictionary<string, string>(),
            State.Status,
            content.Variants.Select(v => new ProductVariant(v.Sku, v.Attributes ?? new Dictionary<string, string>(), v.Price, v.Currency, Available(v.Sku))).ToList(),
            content.Images ?? [],
            State.Version, State.CreatedAt, State.UpdatedAt, State.PublishedAt, !State.SellerSuspended, State.Moderation);
    }

    private int Available(string sku) => _stock.TryGetValue(sku, out var stock) ? stock.Level.Available : 0;

    /// <summary>
    /// Where an edited text starts: every edit is hidden until judged; a card the rules blocked keeps its reason while
    /// they judge the edit; one an operator blocked (or holds) waits for an operator.
    /// </summary>
    private static ProductModeration Resubmitted(ProductModeration? current, long revision) => current switch
    {
        { Status: ProductModerationStatus.Held } => new ProductModeration(ProductModerationStatus.Held, revision, current.Reason),
        { Status: ProductModerationStatus.Blocked, DecidedBy: ProductModeration.DecidedByOperator } =>
            new ProductModeration(ProductModerationStatus.Held, revision, $"Blocked by an operator: {current.Reason} An operator checks the edit."),
        { Status: ProductModerationStatus.Blocked or ProductModerationStatus.Rechecking } =>
            new ProductModeration(ProductModerationStatus.Rechecking, revision, current.Reason),
        _ => new ProductModeration(ProductModerationStatus.Pending, revision),
    };

    private async Task Decide(ProductModeration decision, string decidedBy)
    {
        State.Moderation = decision with { DecidedBy = decidedBy, DecidedAt = clock.GetUtcNow() };
        // The card's version is the seller's edit version (ETag): a verdict must not make the seller's next If-Match stale.
        await Save(ProductChangeKind.Moderated, moderationChanged: true);
        metrics.Decided(State.Moderation);
    }

    private Task Save(ProductChangeKind kind, bool moderationChanged = false)
    {
        _snapshot = null;
        Raise(StreamNames.Products, ProductId.ToString(), Changed(kind));
        if (moderationChanged)
        {
            Raise(StreamNames.Products, ProductId.ToString(),
                new ProductModerated(ProductId, State.SellerId, State.Content!.Title, State.Moderation!, _lastSequence));
        }
        return Commit();
    }

    private ProductChanged Changed(ProductChangeKind kind)
    {
        // Wall-clock ticks keep the sequence growing across activations without persisting a counter on stock changes.
        _lastSequence = Math.Max(_lastSequence + 1, clock.GetUtcNow().UtcTicks);
        return new ProductChanged(Snapshot, kind, _lastSequence);
    }

    private async Task ApplyInitialStock(IEnumerable<VariantDraft> variants)
    {
        var applied = await Task.WhenAll(variants.Where(v => v.Stock > 0)
            .Select(async v => (v.Sku, Level: await Inventory(v.Sku).Adjust(v.Stock, InitialStockOperation))));
        foreach (var (sku, level) in applied)
        {
            // Revision 0: the inventory grain's own report (revision >= 1) still wins when it arrives.
            _stock.TryAdd(sku, (level, 0));
        }
    }

    private void EnsureOwner(Guid sellerId)
    {
        if (State.Content is null)
        {
            throw NotFound();
        }
        if (State.SellerId != sellerId)
        {
            throw new ForbiddenException("This product belongs to another seller.");
        }
    }

    private void EnsureVersion(long expectedVersion)
    {
        if (expectedVersion != State.Version)
        {
            throw new VersionMismatchException(expectedVersion, State.Version);
        }
    }

    private void EnsureVariant(Guid sellerId, string sku)
    {
        EnsureOwner(sellerId);
        if (!State.Content!.Variants.Any(v => string.Equals(v.Sku, sku, StringComparison.Ordinal)))
        {
            throw new NotFoundException($"Product {ProductId} has no SKU '{sku}'.");
        }
    }

    private IInventoryGrain Inventory(string sku) => GrainFactory.GetGrain<IInventoryGrain>(InventoryKey.For(ProductId, sku));

    private NotFoundException NotFound() => new($"Product {ProductId} does not exist.");

    private static ProductDraft Normalize(ProductDraft draft) => draft with
    {
        Title = draft.Title?.Trim() ?? "",
        Description = draft.Description?.Trim(),
        Category = draft.Category?.Trim() ?? "",
        Brand = draft.Brand?.Trim(),
        Images = draft.Images ?? [],
        Variants = (draft.Variants ?? []).Select(v => v is null ? v! : v with { Sku = v.Sku?.Trim() ?? "", Currency = v.Currency?.Trim().ToUpperInvariant() ?? "" }).ToList(),
    };

    [GenerateSerializer]
    public sealed class ProductState
    {
        [Id(0)] public Guid SellerId { get; set; }
        [Id(1)] public ProductDraft? Content { get; set; }
        [Id(2)] public ProductStatus Status { get; set; }
        [Id(3)] public long Version { get; set; }
        [Id(4)] public DateTimeOffset CreatedAt { get; set; }
        [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
        [Id(6)] public DateTimeOffset? PublishedAt { get; set; }
        [Id(7)] public bool SellerSuspended { get; set; }
        [Id(8)] public ProductModeration? Moderation { get; set; }

        /// <summary>The card's events, written with the change that raised them, until the stream has them.</summary>
        [Id(9)] public EventOutbox Outbox { get; set; } = new();
    }
}
