using Marketplace.Common;
using Marketplace.Identity;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Marketplace.Grains.Identity;

[StatelessWorker]
public sealed class PasswordGrain(IOptions<AccountOptions> options, IAccountNotifier notifier, TimeProvider clock) : Grain, IPasswordGrain
{
    public async Task Change(Guid userId, Guid currentSessionId, string currentPassword, string newPassword)
    {
        CheckNew(newPassword);
        if (!await GrainFactory.GetGrain<IUserGrain>(userId).ChangePassword(currentPassword ?? string.Empty, newPassword))
        {
            throw new ValidationException("currentPassword", "The current password is wrong.");
        }
        // Whoever else knew the old password is signed out; the device that changed it stays signed in.
        await GrainFactory.GetGrain<IUserSessionsGrain>(userId).RevokeAllExcept(currentSessionId);
    }

    public async Task RequestReset(string email)
    {
        var normalised = EmailAddress.Normalise(email ?? string.Empty);
        if (normalised.Length == 0 || await GrainFactory.GetGrain<IUserEmailGrain>(normalised).GetUserId() is not { } userId)
        {
            return;
        }
        var token = await GrainFactory.GetGrain<IUserGrain>(userId).IssueResetSecret(options.Value.PasswordResetLifetime);
        await notifier.Send(normalised, new AccountNotification(AccountNotificationKinds.PasswordReset, "Reset your marketplace password",
            $"Someone asked to reset the password of this account. The token below works once, for {options.Value.PasswordResetLifetime.TotalMinutes:0} minutes; " +
            "ignore this message if it was not you.", token, clock.GetUtcNow()));
    }

    public async Task Reset(string resetToken, string newPassword)
    {
        CheckNew(newPassword);
        if (!ResetTokens.TryParse(resetToken, out var userId, out var secret)
            || !await GrainFactory.GetGrain<IUserGrain>(userId).ResetPassword(secret, newPassword))
        {
            throw new ValidationException("token", "The reset token is unknown, used or expired.");
        }
        // The old password may be what leaked: nobody stays signed in with it.
        await GrainFactory.GetGrain<IUserSessionsGrain>(userId).RevokeAll();
    }

    private void CheckNew(string newPassword)
    {
        var errors = new Dictionary<string, string[]>();
        Passwords.Check(newPassword, options.Value.MinPasswordLength, "newPassword", errors);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }
}
