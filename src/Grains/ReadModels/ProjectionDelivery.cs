using Marketplace.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// Delivers one event to one projection so that it is never lost: each attempt is bounded by
/// <see cref="ProjectionOptions.AttemptTimeout"/>, a failed one is retried with exponential back-off until
/// <see cref="ProjectionOptions.RetryBudget"/> is spent, and then the event is parked in the dead-letter store for an
/// operator to replay. Only when even the dead-letter store cannot be written does the delivery fail, so that the stream
/// redelivers it.
/// </summary>
public sealed class ProjectionDelivery(
    IDeadLetterStore deadLetters,
    IOptions<ProjectionOptions> options,
    TimeProvider clock,
    ProjectionMetrics metrics,
    ILogger<ProjectionDelivery> logger)
{
    public async Task DeliverAsync(IReadModelProjection projection, EventEnvelope envelope)
    {
        var settings = options.Value;
        var started = clock.GetTimestamp();
        var delay = settings.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var timeout = new CancellationTokenSource(settings.AttemptTimeout, clock);
                await projection.ApplyAsync(envelope, timeout.Token);
                return;
            }
            catch (Exception e)
            {
                if (clock.GetElapsedTime(started) + delay >= settings.RetryBudget)
                {
                    await Park(projection, envelope, attempt, e);
                    return;
                }
                logger.LogWarning(e, "Projection {Projection} failed on event {EventId} ({Type} of {Aggregate}), attempt {Attempt}; retrying",
                    projection.Name, envelope.EventId, envelope.Type, envelope.AggregateId, attempt);
                await Task.Delay(delay, clock);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task Park(IReadModelProjection projection, EventEnvelope envelope, int attempts, Exception error)
    {
        logger.LogError(error, "Projection {Projection} gave up on event {EventId} ({Type} of {Aggregate}) after {Attempts} attempts; parked as a dead letter",
            projection.Name, envelope.EventId, envelope.Type, envelope.AggregateId, attempts);
        await deadLetters.ParkAsync(projection.Name, envelope, attempts, error.Message, clock.GetUtcNow(), CancellationToken.None);
        metrics.Parked(projection.Name);
    }
}
