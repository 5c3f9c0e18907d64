using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Grains.Identity;

public static class IdentityRegistration
{
    /// <summary>The silo side of accounts and sessions: options and the operator account bootstrap.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AccountOptions>(configuration.GetSection(AccountOptions.SectionName));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OperatorBootstrap>();
        return services;
    }
}
