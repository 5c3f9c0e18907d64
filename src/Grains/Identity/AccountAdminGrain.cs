using Marketplace.Common;
using Marketplace.Identity;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Marketplace.Grains.Identity;

[StatelessWorker]
public sealed class AccountAdminGrain(IOptions<AccountOptions> options, IAccountNotifier notifier, TimeProvider clock) : Grain, IAccountAdminGrain
{
    public async Task<UserAccount> Get(Guid userId) =>
        await GrainFactory.GetGrain<IUserGrain>(userId).Get() ?? throw new NotFoundException($"User {userId} not found.");

    public async Task<UserAccount> ChangeStatus(Guid operatorId, Guid userId, AccountStatus status, string? reason)
    {
        if (status == AccountStatus.PendingApproval)
        {
            throw new ValidationException("status", "An account can be made active or disabled, not pending.");
        }
        if (operatorId == userId && status == AccountStatus.Disabled)
        {
            throw new ConflictException("An operator cannot disable their own account.");
        }
        var before = await Get(userId);
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
        await GrainFactory.GetGrain<IPendingAccountsGrain>(0).Remove(userId);
        if (before.Status != after.Status)
        {
            var action = (before.Status, after.Status) switch
            {
                (AccountStatus.PendingApproval, AccountStatus.Active) => "account.approved",
                (_, AccountStatus.Active) => "account.enabled",
                _ => "account.disabled",
            };
            await Audit(operatorId, action, userId, reason);
        }
        return after;
    }

    public async Task<int> RevokeAllSessions(Guid operatorId, Guid userId)
    {
        var revoked = await GrainFactory.GetGrain<IUserSessionsGrain>(userId).RevokeAll();
        await Audit(operatorId, "sessions.revoked", userId, $"{revoked} sessions");
        return revoked;
    }

    public async Task<UserAccount> InviteOperator(Guid operatorId, string email, string displayName)
    {
        // Nobody knows this password: the invited operator chooses one with the invitation token.
        var unusable = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var account = await GrainFactory.GetGrain<IAuthGrain>(0).Register(new Registration(email, unusable, displayName, UserRole.Operator));
        var lifetime = options.Value.OperatorInvitationLifetime;
        var token = await GrainFactory.GetGrain<IUserGrain>(account.UserId).IssueResetSecret(lifetime);
        await notifier.Send(account.Email, new AccountNotification(AccountNotificationKinds.OperatorInvitation, "You are invited to operate the marketplace",
            $"Choose your password with the token below (POST /auth/password-reset/confirm); it works once, for {lifetime.TotalDays:0} days.",
            token, clock.GetUtcNow()));
        await Audit(operatorId, "operator.invited", account.UserId, account.Email);
        return account;
    }

    public async Task<PagedList<UserAccount>> PendingApproval(int page, int pageSize)
    {
        Paging.Validate(page, pageSize);
        var ids = await GrainFactory.GetGrain<IPendingAccountsGrain>(0).List();
        var accounts = await Task.WhenAll(ids.Skip((page - 1) * pageSize).Take(pageSize).Select(id => GrainFactory.GetGrain<IUserGrain>(id).Get()));
        return new PagedList<UserAccount>(accounts.OfType<UserAccount>().ToList(), page, pageSize, ids.Count);
    }

    private Task Audit(Guid operatorId, string action, Guid? target, string? detail)
    {
        var now = clock.GetUtcNow();
        return GrainFactory.GetGrain<IOperatorAuditGrain>(AuditMonths.Of(now)).Record(new AuditEntry(now, operatorId, action, target, detail));
    }
}
