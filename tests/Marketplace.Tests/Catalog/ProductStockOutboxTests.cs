using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Tests.Events;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Catalog;

/// <summary>
/// A product's stock change goes through its outbox like its other events: written with the card, numbered in the
/// card's sequence, and delivered once even when the activation that wrote it dies before publishing it.
/// </summary>
public sealed class ProductStockOutboxTests(OutboxTests.Cluster fixture) : IClassFixture<OutboxTests.Cluster>
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_stock_change_whose_activation_died_before_publishing_arrives_once_and_the_card_reads_it_after_reactivation()
    {
        var sellerId = await fixture.Grains.ActiveSeller();
        var published = await fixture.Grains.PublishedProduct(sellerId, CatalogSeeding.Kettle(250m, stock: 5));
        var product = fixture.Grains.GetGrain<IProductGrain>(published.ProductId);
        var aggregateId = published.ProductId.ToString();
        var before = await OutboxProbe.Wait(aggregateId, 1, Recovery, IsApproval);
        CrashAfterWrite.Arm(aggregateId);

        await product.SetStock(sellerId, "SKU-1", 3);

        // Nobody calls the card again: only its outbox reminder can bring the stock change out.
        var stock = Assert.Single(await OutboxProbe.Wait(aggregateId, 1, Recovery, IsStockChange));
        var changed = Assert.IsType<ProductChanged>(stock.Data);
        Assert.Equal(3, changed.Product.Variants.Single().Available);
        Assert.True(stock.Sequence > before.Max(e => e.Sequence), "the stock change is numbered after the card's earlier events");
        Assert.Equal(1, OutboxProbe.DeliveriesOf(stock.EventId));
        Assert.True(CrashAfterWrite.Crashed(aggregateId));

        // Restart, then read: the availability is the card's stored state, not the dead activation's memory.
        await fixture.DeactivateIdleGrains();
        Assert.Equal(3, (await product.GetVariant("SKU-1"))!.Available);
        Assert.Equal(3, (await product.GetPublished()).Variants.Single().Available);
    }

    private static bool IsApproval(EventEnvelope e) => e.Data is ProductChanged { Kind: ProductChangeKind.Moderated };

    private static bool IsStockChange(EventEnvelope e) => e.Data is ProductChanged { Kind: ProductChangeKind.StockChanged };
}

[ImplicitStreamSubscription(StreamNames.Products)]
public sealed class ProductsOutboxProbe : OutboxProbeSubscriber, IGrainWithStringKey;
