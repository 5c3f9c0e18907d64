using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Sellers;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// The shell of a product card (<see cref="ProductCore"/> decides): reads what a decision needs (the seller's standing,
/// the inventories), applies the events, and writes them with the card in one write (<see cref="AggregateGrain"/>), stock
/// changes included: each variant's inventory grain reports its availability, and the card keeps the last report.
/// </summary>
public sealed partial class ProductGrain(
    [PersistentState("product", StorageNames.Products)] IPersistentState<ProductGrain.ProductState> state,
    TimeProvider clock,
    ProductModerationMetrics metrics,
    OutboxRuntime outbox,
    ILogger<ProductGrain> logger)
    : AggregateGrain(outbox), IProductGrain, IProductModeration
{
    // Marks the one-time stock a new sku starts with, so a retried create or edit does not add it twice.
    private const string InitialStockOperation = "initial-stock";

    private ProductSnapshotCache? _snapshots;
    private long _lastSequence;

    private ProductState State => state.State;

    private Guid ProductId => this.GetPrimaryKey();

    private ProductSnapshotCache Snapshots => _snapshots ??= new ProductSnapshotCache(ProductId, clock);

    private ProductSnapshot Snapshot => Snapshots.Of(State) ?? throw ProductCore.NotFound(ProductId);

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        // A report lost with a silo (the inventory does not wait for it) is made good here, since the crash brings the card back to life.
        if (State.Content is { } content)
        {
            var levels = await Task.WhenAll(content.Variants.Select(v => Inventory(v.Sku).Get()));
            await Handle(content.Variants.Select((v, i) => new ReportStock(v.Sku, levels[i].Available, Revision: null)).ToArray());
        }
    }

    public async Task<ProductSnapshot> Create(Guid sellerId, ProductDraft draft)
    {
        var onboarded = State.Content is null && await GrainFactory.GetGrain<ISellerGrain>(sellerId).GetStatus() is not null;
        var created = ProductCore.Decide(State, ProductId, new CreateProduct(sellerId, draft, onboarded, clock.GetUtcNow()));
        // Stock first: the Created event then carries the availability, and a retry re-applies it idempotently.
        var content = created is [ProductCreated c] ? c.Content : State.Content!;
        await ApplyInitialStock(content.Variants.Where(v => v.Stock > 0));
        await Save(created);
        return Snapshot;
    }

    public Task<ProductSnapshot> GetForSeller(Guid sellerId) => Task.FromResult(Snapshots.Of(ProductCore.Owned(State, ProductId, sellerId))!);

    public Task<ProductSnapshot?> Find() => Task.FromResult(State.Content is null ? null : Snapshot);

    public Task<ProductSnapshot> GetPublished() => Task.FromResult(Published);

    public Task<PublishedCard> GetPublishedSince(long knownRevision)
    {
        var product = Published;
        // Every change shoppers see raises an event of the card, so the outbox's sequence is the revision of what they see.
        var revision = Outbox.LastSequence;
        return Task.FromResult(new PublishedCard(revision, revision == knownRevision ? null : product));
    }

    private ProductSnapshot Published => State.Content is not null && Snapshot.Visible ? Snapshot : throw ProductCore.NotFound(ProductId);

    public async Task<ProductSnapshot> Edit(Guid sellerId, long expectedVersion, ProductDraft draft)
    {
        var edited = ProductCore.Decide(State, ProductId, new EditProduct(sellerId, expectedVersion, draft, clock.GetUtcNow()));
        await ApplyInitialStock(ProductCore.InitialStock(State, ((ProductEdited)edited[0]).Content));
        await Save(edited);
        return Snapshot;
    }

    public async Task<ProductSnapshot> Publish(Guid sellerId, long expectedVersion)
    {
        var sellerActive = State.Content is not null && State.Status != ProductStatus.Published
                           && await GrainFactory.GetGrain<ISellerGrain>(sellerId).GetStatus() == SellerStatus.Active;
        await Handle(new PublishProduct(sellerId, expectedVersion, sellerActive, clock.GetUtcNow()));
        return Snapshot;
    }

    public async Task<ProductSnapshot> Archive(Guid sellerId, long expectedVersion)
    {
        await Handle(new ArchiveProduct(sellerId, expectedVersion, clock.GetUtcNow()));
        return Snapshot;
    }

    public Task ApplyVerdict(long revision, string? violation) => Handle(new JudgeProduct(revision, violation, clock.GetUtcNow()));

    public Task<ProductSnapshot> Approve(Guid operatorId) => Moderate(operatorId, new ApproveProduct(clock.GetUtcNow()));

    public Task<ProductSnapshot> Block(Guid operatorId, string reason) => Moderate(operatorId, new BlockProduct(reason, clock.GetUtcNow()));

    private async Task<ProductSnapshot> Moderate(Guid operatorId, ProductCommand decision)
    {
        await Handle(decision);
        logger.LogInformation("Operator {OperatorId} moderated product {ProductId}: {Moderation}", operatorId, ProductId, State.Moderation?.Status);
        return Snapshot;
    }

    public Task<StockLevel> SetStock(Guid sellerId, string sku, int onHand) => Variant(sellerId, sku).SetOnHand(onHand);

    public Task<StockLevel> AdjustStock(Guid sellerId, string sku, int delta, string operationId) => Variant(sellerId, sku).Adjust(delta, operationId);

    public Task<StockLevel> GetStock(Guid sellerId, string sku) => Variant(sellerId, sku).Get();

    public Task<VariantSnapshot?> GetVariant(string sku) => Task.FromResult(Snapshots.VariantOf(State, sku));

    public Task<ProductSales> GetSales(Guid sellerId) => Task.FromResult(ProductSnapshots.SalesOf(ProductId, ProductCore.Owned(State, ProductId, sellerId), clock.GetUtcNow()));

    public async Task<ProductSales> ScheduleSale(Guid sellerId, long expectedVersion, Guid saleId, SaleDraft sale)
    {
        await Handle(new ScheduleSale(sellerId, expectedVersion, saleId, sale, clock.GetUtcNow()));
        return ProductSnapshots.SalesOf(ProductId, State, clock.GetUtcNow());
    }

    public async Task<ProductSales> WithdrawSale(Guid sellerId, long expectedVersion, Guid saleId)
    {
        await Handle(new WithdrawSale(sellerId, expectedVersion, saleId, clock.GetUtcNow()));
        return ProductSnapshots.SalesOf(ProductId, State, clock.GetUtcNow());
    }

    /// <summary>The price watch (<see cref="PriceWatch"/>): announces the card's prices at each boundary of its sales.</summary>
    protected override async Task Perform(IAggregateEffect effect)
    {
        while (effect is WatchPricesEffect && PriceWatch.CrossingAt(State, clock.GetUtcNow()) is { } now)
        {
            await Handle(new CrossPriceBoundary(now));
        }
    }

    public Task OnSellerStatusChanged(bool sellerActive) => Handle(new ChangeSellerStanding(sellerActive));

    public Task OnStockChanged(string sku, StockLevel level, long revision) => Handle(new ReportStock(sku, level.Available, revision));

    /// <summary>Decides and saves commands about different things (at activation: one report per variant).</summary>
    private Task Handle(params ProductCommand[] commands) => Save(commands.SelectMany(c => ProductCore.Decide(State, ProductId, c)).ToList());

    /// <summary>
    /// Applies the events and writes them with the card, each as the ProductChanged (and ProductModerated) it announces.
    /// A stock report that changes nothing shoppers see is kept in memory and written with the next change.
    /// </summary>
    private async Task Save(IReadOnlyList<ProductEvent> events)
    {
        var announced = false;
        foreach (var happened in events)
        {
            ProductCore.Apply(State, happened);
            _snapshots?.Invalidate();
            var (kind, moderated) = ProductAnnouncements.Of(happened);
            if (kind is null)
            {
                continue;
            }
            announced = true;
            // Wall-clock ticks keep the sequence growing across activations; projections order by it (and repairs stamp it).
            _lastSequence = Math.Max(_lastSequence + 1, clock.GetUtcNow().UtcTicks);
            Raise(StreamNames.Products, ProductId.ToString(), new ProductChanged(Snapshot, kind.Value, _lastSequence));
            if (moderated)
            {
                Raise(StreamNames.Products, ProductId.ToString(),
                    new ProductModerated(ProductId, State.SellerId, State.Content!.Title, State.Moderation!, _lastSequence));
            }
        }
        if (announced)
        {
            if (PriceWatch.Needed(State))
            {
                Enqueue(new WatchPricesEffect());
            }
            await Commit();
        }
        events.OfType<ProductModerationDecided>().ToList().ForEach(decided => metrics.Decided(decided.Moderation));
    }

    private async Task ApplyInitialStock(IEnumerable<VariantDraft> variants)
    {
        var applied = await Task.WhenAll(variants.Select(async v => (v.Sku, Level: await Inventory(v.Sku).Adjust(v.Stock, InitialStockOperation))));
        ProductCore.RecordInitialStock(State, applied);
    }

    private IInventoryGrain Variant(Guid sellerId, string sku) => Inventory(ProductCore.OwnedSku(State, ProductId, sellerId, sku));

    private IInventoryGrain Inventory(string sku) => GrainFactory.GetGrain<IInventoryGrain>(InventoryKey.For(ProductId, sku));
}
