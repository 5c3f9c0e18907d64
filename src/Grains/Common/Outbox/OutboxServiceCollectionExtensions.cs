using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Marketplace.Grains.Common;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>The aggregate shell's services: the outbox options, the stream dispatcher and the clock.</summary>
    public static IServiceCollection AddAggregateOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReminderOptions>().PostConfigure<IOptions<OutboxOptions>>((reminders, outbox) =>
        {
            if (outbox.Value.ReminderPeriod < reminders.MinimumReminderPeriod)
            {
                reminders.MinimumReminderPeriod = outbox.Value.ReminderPeriod;
            }
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventDispatcher, StreamEventDispatcher>();
        services.TryAddSingleton<OutboxMetrics>();
        services.AddSingleton<OutboxRuntime>();
        return services;
    }
}

/// <summary>What every <see cref="AggregateGrain"/> needs from the silo, injected as one parameter.</summary>
public sealed class OutboxRuntime(IEventDispatcher dispatcher, IOptions<OutboxOptions> options, TimeProvider clock, OutboxMetrics metrics,
    ILogger<AggregateGrain> logger)
{
    public IEventDispatcher Dispatcher { get; } = dispatcher;
    public OutboxOptions Options { get; } = options.Value;
    public TimeProvider Clock { get; } = clock;
    public OutboxMetrics Metrics { get; } = metrics;
    public ILogger<AggregateGrain> Logger { get; } = logger;

    /// <summary>Logs and counts a delivery that failed; the message stays in the outbox for the reminder to retry.</summary>
    public void DeliveryFailed(GrainId grain, OutboxMessage message, Exception error)
    {
        Logger.LogWarning(error, "{Grain} could not deliver {Message} yet; the outbox reminder retries it", grain, OutboxPass.Describe(message));
        Metrics.DeliveryFailed(grain);
    }
}
