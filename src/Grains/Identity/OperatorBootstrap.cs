using Marketplace.Common;
using Marketplace.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Identity;

/// <summary>Creates the configured operator account once the silo serves calls; every silo tries, the email grain lets one win.</summary>
internal sealed class OperatorBootstrap(IGrainFactory grains, IOptions<AccountOptions> options, ILogger<OperatorBootstrap> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OperatorBootstrap), ServiceLifecycleStage.Active, EnsureOperator);

    private async Task EnsureOperator(CancellationToken cancellationToken)
    {
        var configured = options.Value.Operator;
        if (string.IsNullOrWhiteSpace(configured.Email) || string.IsNullOrEmpty(configured.Password))
        {
            return;
        }

        try
        {
            await grains.GetGrain<IAuthGrain>(0)
                .Register(new Registration(configured.Email, configured.Password, configured.DisplayName, UserRole.Operator))
                .WaitAsync(cancellationToken);
            logger.LogInformation("Created the operator account {Email}", configured.Email);
        }
        catch (ConflictException)
        {
            // Already there from an earlier start or another silo.
        }
    }
}
