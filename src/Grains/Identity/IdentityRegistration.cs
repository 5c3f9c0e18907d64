using Marketplace.Common;
using Marketplace.Grains.Identity.Records;
using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Identity;

public static class IdentityRegistration
{
    /// <summary>
    /// The silo side of accounts and sessions: options, the operator account bootstrap, and identity's tables (the audit
    /// trail and the pending accounts) in the users store's database, or memory tables in the Memory profile.
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.SectionName)
            .Validate(o => o.Throttling.KnownAddressesPerAccount > 0, "Identity:Throttling:KnownAddressesPerAccount must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountOptions>, AccountOptionsValidator>();
        services.TryAddSingleton<IdentityMetrics>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OperatorBootstrap>();
        services.AddSingleton<IAccountNotifier, OutboxAccountNotifier>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddReadModels(configuration);
        services.AddSingleton(provider => ReadModelTables.For<IOperatorAuditStore>(provider, StorageNames.Users,
            _ => new InMemoryOperatorAuditStore(provider.GetRequiredService<IGrainFactory>())));
        services.AddSingleton(provider => ReadModelTables.For<IPendingAccountStore>(provider, StorageNames.Users,
            _ => new InMemoryPendingAccountStore(provider.GetRequiredService<IGrainFactory>())));
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
