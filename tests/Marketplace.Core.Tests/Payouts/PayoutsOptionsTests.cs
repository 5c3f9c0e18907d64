using Marketplace.Grains.Payouts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Tests.Payouts;

/// <summary>The Payouts options are checked when the silo starts: a rate outside 0-100 or a schedule faster than a reminder can tick is refused.</summary>
public sealed class PayoutsOptionsTests
{
    private static PayoutsOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddPayouts(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<PayoutsOptions>>().Value;
    }

    [Fact]
    public void The_defaults_pass_and_every_bad_setting_is_named()
    {
        Assert.Equal(10m, Resolve([]).DefaultCommissionPercent);
        Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Payouts:DefaultCommissionPercent"] = "150" }));
        Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Payouts:ScheduleInterval"] = "00:00:10" }));
        Assert.Equal(
            ["Payouts:DefaultCommissionPercent is 0 to 100.", "Payouts:MinimumPayout is at least 0.01.", "Payouts:FirstRetryDelay must be positive and MaxRetryDelay at least FirstRetryDelay."],
            new PayoutsOptions { DefaultCommissionPercent = -1, MinimumPayout = 0, FirstRetryDelay = TimeSpan.Zero }.Problems());
    }
}
