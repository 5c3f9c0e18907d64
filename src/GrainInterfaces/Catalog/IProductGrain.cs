namespace Marketplace.Catalog;

/// <summary>
/// One product card and the entry point to its variants' stock (key: product id). Every seller operation names
/// the acting seller and fails with ForbiddenException when the card belongs to another one.
/// </summary>
public interface IProductGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates the card as a draft. Idempotent: repeating the call for the same seller returns the existing card,
    /// so a gateway can derive the product id from an Idempotency-Key and retry safely.
    /// </summary>
    Task<ProductSnapshot> Create(Guid sellerId, ProductDraft draft);

    /// <summary>The card in any status, for its seller.</summary>
    Task<ProductSnapshot> GetForSeller(Guid sellerId);

    /// <summary>The card as shoppers see it: NotFoundException unless it is <see cref="ProductSnapshot.Visible"/>.</summary>
    Task<ProductSnapshot> GetPublished();

    /// <summary>
    /// The card as shoppers see it (as <see cref="GetPublished"/>) at its current revision, without the card when that
    /// is <paramref name="knownRevision"/>: a reader that keeps the cards it served (the public gateway) is sent one
    /// only when it changed, and still learns of every change at once.
    /// </summary>
    Task<PublishedCard> GetPublishedSince(long knownRevision);

    /// <summary>The card in any status for in-cluster readers (projections' repair and rebuild); null when it was never created.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ProductSnapshot?> Find();

    /// <summary>Replaces the card's content; VersionMismatchException when <paramref name="expectedVersion"/> is stale.</summary>
    Task<ProductSnapshot> Edit(Guid sellerId, long expectedVersion, ProductDraft draft);

    /// <summary>Draft (or archived) to published; only an active seller publishes.</summary>
    Task<ProductSnapshot> Publish(Guid sellerId, long expectedVersion);

    Task<ProductSnapshot> Archive(Guid sellerId, long expectedVersion);

    /// <summary>Sets a variant's on-hand count (a stock-take). ConflictException when fewer than the reserved units.</summary>
    Task<StockLevel> SetStock(Guid sellerId, string sku, int onHand);

    /// <summary>Adds (or with a negative delta removes) on-hand units, once per <paramref name="operationId"/>.</summary>
    Task<StockLevel> AdjustStock(Guid sellerId, string sku, int delta, string operationId);

    Task<StockLevel> GetStock(Guid sellerId, string sku);

    /// <summary>What cart and checkout need of one sku; null when the product or the sku does not exist.</summary>
    Task<VariantSnapshot?> GetVariant(string sku);

    /// <summary>The card's sales that have not ended, for its seller.</summary>
    Task<ProductSales> GetSales(Guid sellerId);

    /// <summary>
    /// Schedules a sale (or replaces sale <paramref name="saleId"/>): a price below the list price of every variant it
    /// covers, for a period that does not overlap another sale of the same variant. A new card version (ETag); a repeat
    /// of the same sale changes nothing. ValidationException naming the field, ConflictException for an overlap.
    /// </summary>
    Task<ProductSales> ScheduleSale(Guid sellerId, long expectedVersion, Guid saleId, SaleDraft sale);

    /// <summary>Withdraws a sale, running or scheduled; a new card version. NotFoundException for an unknown sale.</summary>
    Task<ProductSales> WithdrawSale(Guid sellerId, long expectedVersion, Guid saleId);

    /// <summary>Told when an operator suspends or reinstates the card's seller: a suspended seller's cards are hidden and not for sale.</summary>
    Task OnSellerStatusChanged(bool sellerActive);

    /// <summary>
    /// Told by the variant's inventory grain after its stock changed, the newest level once the previous report is
    /// taken (so not after every change); <paramref name="revision"/> orders the reports.
    /// </summary>
    Task OnStockChanged(string sku, StockLevel level, long revision);
}

/// <summary>
/// A shopper's card at a revision, which grows with every change shoppers can see (each one is an event of the card);
/// <see cref="Product"/> is null when the reader said it holds this revision.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PublishedCard([property: Id(0)] long Revision, [property: Id(1)] ProductSnapshot? Product);
