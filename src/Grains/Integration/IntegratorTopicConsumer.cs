using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Integration;

/// <summary>
/// Forwards every event of one integrator domain to its topic, in stream order (each aggregate's stream subscriber hands
/// it one event at a time). The stream delivers at least once and so does this forwarder: integrators dedupe on the
/// envelope id. A publish that keeps failing is parked as a dead letter, for an operator to replay. Switched off, it
/// takes no namespace.
/// </summary>
public sealed class IntegratorTopicConsumer(IntegratorTopicProducer producer, string domain) : IReadModelProjection
{
    public string Name => $"integrator-topic-{domain}";

    public IReadOnlyCollection<string> StreamNamespaces => producer.Enabled ? [domain] : [];

    public Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken) => producer.PublishAsync(domain, envelope).WaitAsync(cancellationToken);
}
