using Marketplace.Common;
using Marketplace.Grains.Identity.Records;
using Marketplace.Identity;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Marketplace.Grains.Identity;

[StatelessWorker]
public sealed class AccountAdminGrain(IOptions<AccountOptions> options, IAccountNotifier notifier, IPendingAccountStore pending, TimeProvider clock)
    : Grain, IAccountAdminGrain
{
    public async Task<UserAccount> Get(Guid userId) =>
        await GrainFactory.GetGrain<IUserGrain>(userId).Get() ?? throw new NotFoundException($"User {userId} not found.");

    public async Task<UserAccount> ChangeStatus(Guid operatorId, Guid userId, AccountStatus status)
    {
        if (status == AccountStatus.PendingApproval)
        {
            throw new ValidationException("status", "An account can be made active or disabled, not pending.");
        }
        if (operatorId == userId && status == AccountStatus.Disabled)
        {
            throw new ConflictException("An operator cannot disable their own account.");
        }
        await Get(userId);
        var sessions = GrainFactory.GetGrain<IUserSessionsGrain>(userId);
        // Close first: from here on no sign-in can add a session, and every existing one is already gone.
        if (status == AccountStatus.Disabled)
        {
            await sessions.Close();
        }
        var after = await GrainFactory.GetGrain<IUserGrain>(userId).SetStatus(status);
        if (status == AccountStatus.Active)
        {
            await sessions.Reopen();
        }
        await pending.RemoveAsync(userId, CancellationToken.None);
        return after;
    }

    public Task<int> RevokeAllSessions(Guid userId) => GrainFactory.GetGrain<IUserSessionsGrain>(userId).RevokeAll();

    public async Task SendPasswordReset(Guid userId) => await GrainFactory.GetGrain<IPasswordGrain>(0).RequestReset((await Get(userId)).Email);

    public async Task<UserAccount> InviteOperator(string email, string displayName)
    {
        // Nobody knows this password: the invited operator chooses one with the invitation token.
        var unusable = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var account = await GrainFactory.GetGrain<IAuthGrain>(0).Register(new Registration(email, unusable, displayName, UserRole.Operator));
        var lifetime = options.Value.OperatorInvitationLifetime;
        var token = await GrainFactory.GetGrain<IUserGrain>(account.UserId).IssueResetSecret(lifetime);
        await notifier.Send(account.Email, new AccountNotification(AccountNotificationKinds.OperatorInvitation, "You are invited to operate the marketplace",
            $"Choose your password with the token below (POST /auth/password-reset/confirm); it works once, for {lifetime.TotalDays:0} days.",
            token, clock.GetUtcNow()));
        return account;
    }

    public async Task<PagedList<UserAccount>> PendingApproval(int page, int pageSize, string? after)
    {
        var ids = await pending.PageAsync(page, pageSize, after, CancellationToken.None);
        var accounts = await Task.WhenAll(ids.Items.Select(id => GrainFactory.GetGrain<IUserGrain>(id).Get()));
        return new PagedList<UserAccount>(accounts.OfType<UserAccount>().ToList(), ids.Page, ids.PageSize, ids.Total, ids.Next);
    }
}
