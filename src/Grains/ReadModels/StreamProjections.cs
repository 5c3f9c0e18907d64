using System.Reflection;
using Marketplace.Common;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// Which projections take the events of each stream namespace (their <see cref="IReadModelProjection.StreamNamespaces"/>),
/// each through <see cref="ProjectionDelivery"/>, which retries and then parks, so that one projection's failure never
/// fails the delivery for the others. A namespace that <see cref="EventSubscriberGrain"/> does not subscribe to would
/// never reach its projections: that fails at start-up.
/// </summary>
public sealed class StreamProjections
{
    private readonly ProjectionDelivery _delivery;
    private readonly Dictionary<string, IReadModelProjection[]> _byNamespace;

    public StreamProjections(IEnumerable<IReadModelProjection> projections, ProjectionDelivery delivery)
    {
        _delivery = delivery;
        var routes = projections.SelectMany(p => p.StreamNamespaces.Select(streamNamespace => (Namespace: streamNamespace, Projection: p))).ToList();
        if (routes.Select(r => r.Namespace).FirstOrDefault(ns => !Subscribed(ns)) is { } missing)
        {
            throw new InvalidOperationException(
                $"Stream namespace '{missing}' has projections, but {nameof(EventSubscriberGrain)} does not subscribe to it: add its [ImplicitStreamSubscription].");
        }
        _byNamespace = routes.GroupBy(r => r.Namespace).ToDictionary(g => g.Key, g => g.Select(r => r.Projection).ToArray());
    }

    /// <summary>Hands the event to every projection of its namespace at once; done when all are (applied or parked).</summary>
    public Task DeliverAsync(string streamNamespace, EventEnvelope envelope) => _byNamespace.TryGetValue(streamNamespace, out var projections) switch
    {
        false => Task.CompletedTask,
        true when projections.Length == 1 => _delivery.DeliverAsync(projections[0], envelope),
        true => Task.WhenAll(projections.Select(p => _delivery.DeliverAsync(p, envelope))),
    };

    private static bool Subscribed(string streamNamespace) =>
        typeof(EventSubscriberGrain).GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().Any(a => a.Predicate.IsMatch(streamNamespace));
}
