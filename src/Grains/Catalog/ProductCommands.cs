using Marketplace.Catalog;
using Marketplace.Catalog.Events;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// What may be asked of a product card (<see cref="ProductCore.Decide"/>). What the decision needs from elsewhere (the
/// seller's standing, the time) is read by the grain first and travels in the command, so the core does no I/O.
/// </summary>
public abstract record ProductCommand;

/// <param name="SellerOnboarded">Whether the seller has completed onboarding (has any status).</param>
public sealed record CreateProduct(Guid SellerId, ProductDraft Draft, bool SellerOnboarded, DateTimeOffset At) : ProductCommand;

public sealed record EditProduct(Guid SellerId, long ExpectedVersion, ProductDraft Draft, DateTimeOffset At) : ProductCommand;

public sealed record PublishProduct(Guid SellerId, long ExpectedVersion, bool SellerActive, DateTimeOffset At) : ProductCommand;

public sealed record ArchiveProduct(Guid SellerId, long ExpectedVersion, DateTimeOffset At) : ProductCommand;

/// <summary>The rules' verdict on a revision; <see cref="Violation"/> null = clean.</summary>
public sealed record JudgeProduct(long Revision, string? Violation, DateTimeOffset At) : ProductCommand;

public sealed record ApproveProduct(DateTimeOffset At) : ProductCommand;

public sealed record BlockProduct(string Reason, DateTimeOffset At) : ProductCommand;

public sealed record ChangeSellerStanding(bool SellerActive) : ProductCommand;

/// <summary>
/// A variant's availability as its inventory reported it at <see cref="Revision"/>; null = read from the inventory just
/// now (at activation, to make good a report that was lost), which counts whenever it differs from what is stored.
/// </summary>
public sealed record ReportStock(string Sku, int Available, long? Revision) : ProductCommand;

/// <summary>Schedules sale <see cref="SaleId"/>, or replaces it when the card has it (a repeat of the same sale changes nothing).</summary>
public sealed record ScheduleSale(Guid SellerId, long ExpectedVersion, Guid SaleId, SaleDraft Draft, DateTimeOffset At) : ProductCommand;

public sealed record WithdrawSale(Guid SellerId, long ExpectedVersion, Guid SaleId, DateTimeOffset At) : ProductCommand;

/// <summary>The card's price watch woke up at <see cref="At"/>: if a sale started or ended since the prices were last announced, announce them.</summary>
public sealed record CrossPriceBoundary(DateTimeOffset At) : ProductCommand;

/// <summary>What happened to a product card; <see cref="ProductCore.Apply"/> folds it into the state.</summary>
public abstract record ProductEvent;

public sealed record ProductCreated(Guid SellerId, ProductDraft Content, DateTimeOffset At) : ProductEvent;

/// <param name="Moderation">Where moderation stands after the edit when it changes the judged text; null otherwise.</param>
public sealed record ProductEdited(ProductDraft Content, DateTimeOffset At, ProductModeration? Moderation) : ProductEvent;

/// <param name="FirstModeration">The pending judgement of a first publication; null when the card has a standing already.</param>
public sealed record ProductPublished(DateTimeOffset At, ProductModeration? FirstModeration) : ProductEvent;

public sealed record ProductArchived(DateTimeOffset At) : ProductEvent;

public sealed record ProductModerationDecided(ProductModeration Moderation) : ProductEvent;

public sealed record SellerStandingChanged(bool SellerSuspended) : ProductEvent;

/// <param name="Announced">Whether shoppers' availability of a variant of the card changed (a ProductChanged follows).</param>
public sealed record StockRecorded(string Sku, int Available, long Revision, bool Announced) : ProductEvent;

public sealed record SaleScheduled(Sale Sale, DateTimeOffset At) : ProductEvent;

public sealed record SaleWithdrawn(Guid SaleId, DateTimeOffset At) : ProductEvent;

/// <summary>A sale started or ended: the prices announced are those of <see cref="At"/>.</summary>
public sealed record PricesMoved(DateTimeOffset At) : ProductEvent;

/// <summary>The published event each core event leads to, if any.</summary>
public static class ProductAnnouncements
{
    /// <summary>The kind of the ProductChanged to publish (null: nothing), and whether a ProductModerated follows it.</summary>
    public static (ProductChangeKind? Kind, bool Moderated) Of(ProductEvent happened) => happened switch
    {
        ProductCreated => (ProductChangeKind.Created, false),
        ProductEdited edited => (ProductChangeKind.Edited, edited.Moderation is not null),
        ProductPublished published => (ProductChangeKind.Published, published.FirstModeration is not null),
        ProductArchived => (ProductChangeKind.Archived, false),
        ProductModerationDecided => (ProductChangeKind.Moderated, true),
        SellerStandingChanged => (ProductChangeKind.SellerStatusChanged, false),
        StockRecorded { Announced: true } => (ProductChangeKind.StockChanged, false),
        SaleScheduled or SaleWithdrawn or PricesMoved => (ProductChangeKind.PriceChanged, false),
        _ => (null, false),
    };
}
