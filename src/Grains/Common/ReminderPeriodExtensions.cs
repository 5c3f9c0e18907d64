using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Marketplace.Grains.Common;

public static class ReminderPeriodExtensions
{
    /// <summary>Lets the reminder service accept a context's configured wake-up period (tests shorten them below the one-minute default).</summary>
    public static IServiceCollection AllowReminderPeriod(this IServiceCollection services, TimeSpan period) =>
        services.PostConfigure<ReminderOptions>(o =>
        {
            if (period < o.MinimumReminderPeriod)
            {
                o.MinimumReminderPeriod = period;
            }
        });
}
