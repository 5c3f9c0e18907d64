using Marketplace.Common;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// Projects events of some stream namespaces into a read model's tables, or into a store outside (analytics rows,
/// integrator topics, a shopper's activity). An implementation must be idempotent by the aggregate's version or the
/// event's id: applying an event twice, or an older event after a newer one, changes nothing. That is what lets
/// <see cref="ProjectionDelivery"/> retry freely and an operator replay a dead letter at any time.
/// </summary>
public interface IReadModelProjection
{
    /// <summary>The projection's name in dead letters and logs.</summary>
    string Name { get; }

    /// <summary>The stream namespaces whose events it projects (delivered by <see cref="EventSubscriberGrain"/>).</summary>
    IReadOnlyCollection<string> StreamNamespaces { get; }

    Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken);
}
