using Marketplace.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Identity;

public static class IdentityRegistration
{
    /// <summary>The silo side of accounts and sessions: options and the operator account bootstrap.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection(AccountOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountOptions>, AccountOptionsValidator>();
        services.TryAddSingleton<IdentityMetrics>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OperatorBootstrap>();
        services.AddSingleton<IAccountNotifier, OutboxAccountNotifier>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}

/// <summary>Outside Development the bootstrap operator's password may not be the one committed to the repository.</summary>
internal sealed class AccountOptionsValidator(IHostEnvironment environment) : IValidateOptions<AccountOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountOptions options) =>
        !environment.IsDevelopment() && DevelopmentSecrets.IsCommitted(options.Operator.Password)
            ? ValidateOptionsResult.Fail(DevelopmentSecrets.Refusal($"{AccountOptions.SectionName}:Operator:Password", environment.EnvironmentName))
            : ValidateOptionsResult.Success;
}
