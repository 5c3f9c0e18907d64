using Marketplace.Common;
using Marketplace.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Identity;

/// <summary>
/// Creates the configured operator account once the silo serves calls (every silo tries, the email grain lets one win)
/// and makes a changed configured password take effect: the new secret becomes the password and old sessions end.
/// </summary>
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
            // Already there from an earlier start or another silo: its password may still be an older configured one.
        }

        var userId = await grains.GetGrain<IUserEmailGrain>(EmailAddress.Normalise(configured.Email)).GetUserId().WaitAsync(cancellationToken);
        switch (await grains.GetGrain<IUserGrain>(userId!.Value).ApplyBootstrapPassword(configured.Password).WaitAsync(cancellationToken))
        {
            case BootstrapOutcome.PasswordReset:
                await grains.GetGrain<IUserSessionsGrain>(userId.Value).RevokeAll().WaitAsync(cancellationToken);
                logger.LogWarning("The configured password of the operator {Email} changed: it is now the password and the operator's sessions ended",
                    configured.Email);
                break;
            case BootstrapOutcome.NotAnOperator:
                logger.LogError("{Email} (Identity:Operator:Email) belongs to an account that is not an operator; it was left unchanged", configured.Email);
                break;
        }
    }
}
