using Marketplace.Common;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// Projects events of one stream namespace into a read model's tables. An implementation must be idempotent by the
/// aggregate's version: applying an event twice, or an older event after a newer one, changes nothing. That is what
/// lets <see cref="ProjectionDelivery"/> retry freely and an operator replay a dead letter at any time.
/// </summary>
public interface IReadModelProjection
{
    /// <summary>The projection's name in dead letters and logs.</summary>
    string Name { get; }

    Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken);
}
