using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Catalog.Listings;

/// <summary>Projects ProductChanged into the catalog's tables, ordered by the event's sequence.</summary>
public sealed class CatalogListingProjection(ICatalogListingStore store) : IReadModelProjection
{
    public string Name => "catalog-listings";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Products];

    public Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken) =>
        envelope.Data is ProductChanged change
            ? store.ApplyAsync(CatalogListingEntry.Of(change.Product, change.Sequence), cancellationToken)
            : Task.CompletedTask;
}
